"""The static lists the sample draws from: places, synthetic people's names, departments,
what residents write, pledges, monitored items and shops, disclosure reasons.

Weights sit next to the entries they weigh; the mechanics that use them live in the domain
modules. Department entries may be the placeholders STREET (the area's street office) or ANY
(any office, drawn from COMPLAINT_DEPARTMENTS).
"""

from __future__ import annotations

STREET, ANY = "街道", "*"  # department placeholders: the area's street office, any office

# --- people and places (synthetic) ---------------------------------------------------
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董"
                "袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华建国文斌宇浩凯鹏辉玲燕红梅"
             "兰云飞波亮峰俊婷雪琳晨欣怡涵轩思雨佳琪志海秀玉淑珍德永新立晓春荣")
MOBILE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150",
                   "151", "152", "155", "156", "158", "159", "166", "177", "180", "181",
                   "182", "186", "187", "188", "189", "191", "199"]
REGION_CODES = ["340702", "340705", "340711", "340721", "340722", "340823", "341202"]
AREAS = (("东关街道", "DG", 16), ("西城街道", "XC", 14), ("南湖街道", "NH", 13),
         ("北山街道", "BS", 10), ("新华街道", "XH", 15), ("和平街道", "HP", 11),
         ("人民路街道", "RM", 12), ("金桥镇", "JQ", 9))
OFFICES = tuple(a + ("人民政府" if a.endswith("镇") else "办事处") for a, _, _ in AREAS)
ROADS = ["人民路", "解放路", "建设路", "新华路", "和平路", "中山路", "长江路", "淮河路", "文化路",
         "北京路", "幸福路", "金桥大道"]
ESTATES = ["阳光花园", "金色家园", "幸福里小区", "锦绣华庭", "翠湖苑", "东方名城", "滨江小区",
           "铜官新村", "学府雅居", "丽景湾"]
FIRMS = (["鑫源", "恒达", "华盛", "瑞丰", "金鼎", "宏图", "佳禾", "润泽", "安泰", "永兴"],
         ["商贸", "餐饮管理", "建筑工程", "物流", "科技", "文化传媒", "物业服务"])

# --- cases: category, department, weight, due days, what residents write -------------
CASE_CATEGORIES = {
    "city_management": [
        ("市容环境", "区城管局", 14, 3, "沿街门店门前脏乱，垃圾未及时清运"),
        ("占道经营", "区城管局", 14, 2, "路口流动摊贩占道经营，影响行人通行"),
        ("违章搭建", STREET, 8, 7, "小区有住户在楼顶违章搭建"),
        ("噪声扰民", "区生态环境局", 9, 3, "附近工地夜间施工噪声扰民"),
        ("乱堆乱放", STREET, 10, 3, "楼道内堆放杂物，存在消防隐患"),
        ("暴露垃圾", "区城管局", 10, 1, "路边绿化带内有暴露垃圾"),
        ("井盖破损", "区住建局", 5, 1, "人行道井盖破损，存在安全隐患"),
        ("路灯故障", "区城管局", 6, 2, "小区周边道路路灯不亮"),
        ("违规广告", "区城管局", 5, 3, "墙面和电线杆上有小广告"),
        ("油烟污染", "区生态环境局", 5, 5, "餐饮店油烟直排，影响周边居民"),
        ("无照经营", "区市场监管局", 4, 5, "街边有无照经营的小作坊"),
        ("非机动车乱停放", "区交通运输局", 6, 2, "共享单车乱停放，堵塞盲道"),
        ("绿化损坏", "区城管局", 4, 5, "绿化带树木被折断，草坪被踩踏")],
    "mediation": [
        ("邻里纠纷", STREET, 22, 30, "因楼上漏水与邻居发生纠纷"),
        ("婚姻家庭", "区司法局", 12, 30, "夫妻因赡养老人问题发生矛盾"),
        ("劳动争议", "区人社局", 12, 30, "与用人单位就解除劳动合同的补偿发生争议"),
        ("拖欠工资", "区人社局", 10, 30, "工地拖欠农民工工资"),
        ("物业管理", "区住建局", 12, 30, "业主与物业公司因物业费和服务质量发生纠纷"),
        ("房屋租赁", STREET, 8, 30, "房东拒不退还租房押金"),
        ("医患纠纷", "区卫健委", 5, 30, "患者家属对诊疗结果有异议"),
        ("交通事故", "区司法局", 8, 30, "交通事故赔偿数额协商不成"),
        ("消费纠纷", "区市场监管局", 7, 30, "预付卡商家关门无法退款"),
        ("征地拆迁", "区住建局", 4, 30, "对房屋征收补偿标准有异议")],
    "approval": [
        ("营业执照", "区行政审批局", 30, 3, "个体工商户营业执照"),
        ("食品经营许可", "区行政审批局", 18, 10, "食品经营许可证"),
        ("施工许可", "区行政审批局", 8, 7, "建筑工程施工许可证"),
        ("公共场所卫生许可", "区行政审批局", 8, 10, "公共场所卫生许可证"),
        ("道路运输许可", "区交通运输局", 5, 15, "道路运输经营许可证"),
        ("排污许可", "区生态环境局", 3, 20, "排污许可证"),
        ("民办学校设立", "区教育局", 2, 20, "民办培训学校办学许可证"),
        ("社会团体登记", "区民政局", 3, 20, "社会团体成立登记"),
        ("人力资源服务许可", "区人社局", 3, 20, "人力资源服务许可证"),
        ("药品零售许可", "区市场监管局", 5, 15, "药品经营许可证（零售）"),
        ("户外广告设置", "区城管局", 5, 10, "户外广告设施设置许可")],
    "complaint": [
        ("办事拖延", ANY, 25, 15, "办事人员拖延办理，多次往返未果"),
        ("服务态度", ANY, 20, 15, "窗口工作人员态度生硬"),
        ("推诿扯皮", ANY, 15, 15, "多个部门相互推诿，问题长期得不到解决"),
        ("乱收费", ANY, 6, 15, "办理业务时被要求缴纳不合理费用"),
        ("政策落实", ANY, 14, 15, "惠民政策未落实到位"),
        ("工作作风", ANY, 10, 15, "工作人员上班时间脱岗"),
        ("执法不规范", "区城管局", 10, 15, "执法人员执法过程不规范")],
}
COMPLAINT_DEPARTMENTS = {"区城管局": 14, "区住建局": 12, "区市场监管局": 9, "区人社局": 10,
                         "区行政审批局": 7, "区教育局": 8, "区卫健委": 8, "区民政局": 6,
                         "区交通运输局": 6, "区生态环境局": 5, "区自然资源局": 5,
                         "区信访局": 3, STREET: 20}

# --- hotline --------------------------------------------------------------------------
HOTLINE_TOPICS = [  # department, weight, topic
    ("区人社局", 14, "社保缴费和退休待遇"), ("区人社局", 6, "拖欠工资"),
    ("区住建局", 10, "小区物业管理和维修资金"), ("区城管局", 10, "占道经营和市容环境"),
    ("区生态环境局", 6, "噪声和油烟扰民"), ("区教育局", 8, "中小学入学政策"),
    ("区卫健委", 6, "医保报销和就医服务"), ("区市场监管局", 8, "商品价格和消费维权"),
    ("区交通运输局", 6, "公交线路和出租车服务"), ("区民政局", 5, "低保和养老服务补贴"),
    ("区行政审批局", 6, "营业执照办理流程"), ("区自然资源局", 3, "不动产登记"),
    ("区司法局", 3, "法律援助申请"), ("区信访局", 2, "信访事项办理进度"),
    (STREET, 7, "社区服务和居住证办理")]
OTHER_CALLS = ["来电未说明事由", "查询天气情况", "拨错电话", "沉默来电"]

# --- commitments: the pledges officials make and the notes their reports carry ------
DEPT_PLEDGES = [  # department | category | title | target | low | high
    "区住建局|城市建设|完成老旧小区改造{n}个|{n}个小区改造完工并通过验收|6|15",
    "区住建局|城市建设|既有住宅加装电梯{n}部|{n}部电梯投入使用|20|60",
    "区住建局|民生保障|筹集保障性租赁住房{n}套|{n}套房源交付使用|300|800",
    "区住建局|城市建设|完成雨污分流改造{n}公里|{n}公里管网完工|8|20",
    "区城管局|城市管理|新建改造公共厕所{n}座|{n}座公厕投入使用|8|20",
    "区城管局|城市管理|数字城管案件结案率达到{n}%|全年结案率不低于{n}%|93|97",
    "区城管局|城市管理|新增公共停车泊位{n}个|{n}个泊位投入使用|500|1500",
    "区城管局|城市管理|完成背街小巷整治{n}条|{n}条背街小巷整治完工|15|40",
    "区教育局|教育|新增公办幼儿园学位{n}个|{n}个学位秋季投入使用|300|900",
    "区教育局|教育|新建改扩建中小学{n}所|{n}所学校竣工|1|4",
    "区教育局|教育|课后服务覆盖学生{n}人|参与课后服务学生{n}人|8000|15000",
    "区卫健委|卫生健康|家庭医生签约覆盖率达到{n}%|重点人群签约率{n}%|70|85",
    "区卫健委|卫生健康|建成社区卫生服务站{n}个|{n}个服务站开诊|2|6",
    "区卫健委|卫生健康|为{n}名65岁以上老人免费健康体检|体检{n}人|15000|25000",
    "区人社局|就业社保|城镇新增就业{n}人|新增就业{n}人|4000|6000",
    "区人社局|就业社保|开展职业技能培训{n}人次|培训{n}人次|3000|6000",
    "区人社局|就业社保|拖欠农民工工资案件动态清零|欠薪案件结案率100%|0|0",
    "区民政局|民生保障|新建社区养老服务站{n}个|{n}个服务站运营|4|10",
    "区民政局|民生保障|为{n}户困难老人家庭实施适老化改造|完成改造{n}户|200|500",
    "区行政审批局|营商环境|企业开办时间压缩至{n}个工作日|企业开办平均用时≤{n}个工作日|1|2",
    "区行政审批局|营商环境|政务服务事项网上可办率达到{n}%|网上可办率{n}%|95|99",
    "区市场监管局|营商环境|完成农贸市场标准化改造{n}家|{n}家市场通过验收|2|5",
    "区市场监管局|民生保障|完成食品安全抽检{n}批次|抽检{n}批次|2000|4000",
    "区发展改革委|民生保障|“价比三家”监测{n}个品种并每周发布|每周发布{n}个品种价格|141|141",
    "区交通运输局|交通出行|新辟优化公交线路{n}条|{n}条线路开通|3|8",
    "区交通运输局|交通出行|建成公共充电桩{n}个|{n}个充电桩投入使用|200|600",
    "区交通运输局|交通出行|改造提升农村公路{n}公里|{n}公里完工|10|30",
    "区生态环境局|生态环境|PM2.5年均浓度下降{n}%|同比下降{n}%|2|5",
    "区生态环境局|生态环境|完成{n}家餐饮单位油烟治理|{n}家完成治理|100|300",
    "区司法局|平安建设|人民调解成功率保持在{n}%以上|调解成功率≥{n}%|92|96",
    "区司法局|平安建设|建成公共法律服务工作站{n}个|{n}个工作站运行|5|12",
    "区信访局|平安建设|信访事项按期办结率达到{n}%|按期办结率≥{n}%|95|99",
    "区自然资源局|城市建设|解决历史遗留不动产办证{n}户|办证{n}户|500|2000",
    "区政府办公室|政务公开|依申请公开按期答复率达到100%|按期答复率100%|0|0",
    "区政府办公室|政务公开|“行风热线”直播{n}期|直播{n}期|90|104",
    "区城管局|城市管理|生活垃圾分类小区覆盖率达到{n}%|覆盖率{n}%|80|95",
]
STREET_PLEDGES = [  # category | title | target | low | high
    "社会治理|优化调整网格{n}个并配齐专职网格员|{n}个网格配齐网格员|20|40",
    "城市管理|完成{n}个无物业小区托管|{n}个小区实现物业托管|3|8",
    "民生保障|建成“15分钟便民生活圈”{n}个|{n}个生活圈建成|1|3",
    "城市建设|完成{n}个小区雨污分流改造|{n}个小区完工|2|6",
    "社会治理|矛盾纠纷调处成功率达到{n}%|调处成功率≥{n}%|92|97",
]
VICE_PORTFOLIOS = (("区住建局", "区城管局", "区自然资源局", "区交通运输局"),
                   ("区教育局", "区卫健委", "区民政局", "区人社局"),
                   ("区发展改革委", "区市场监管局", "区行政审批局"),
                   ("区司法局", "区信访局", "区政府办公室", "区生态环境局"))
NOTES = {"not_started": "年初公开承诺，已制定实施方案", "on_track": "按计划推进",
         "delayed": "受征收协调和资金拨付影响，进度滞后，已督办",
         "fulfilled": "已全面完成，经第三方核验", "partially_fulfilled": "完成部分目标任务",
         "not_fulfilled": "未能按期完成，已说明原因并制定整改措施",
         "withdrawn": "因上级政策调整，经区政府常务会议研究同意撤回"}

# --- prices: one line per category, items as 中文名|English|price or with unit|spec ----
ITEM_PREFIX = {"grain": "G", "oil": "O", "meat": "M", "egg": "E", "aquatic": "A",
               "vegetable": "V", "fruit": "F", "dairy": "D", "medicine": "P", "daily": "H"}
# the items file's English specification (spec_en); a spec without Chinese reads the same
SPEC_EN = {"散装": "loose", "鲜肉": "fresh", "鲜活": "live", "冰鲜": "chilled",
           "冷冻": "frozen", "干货": "dried", "盒装": "boxed", "80mm以上": "80 mm and over",
           "30枚": "30 eggs", "6枚": "6 eggs", "250ml×24盒": "250ml×24 cartons",
           "250ml×12盒": "250ml×12 cartons", "205g×12盒": "205g×12 cups",
           "0.25g×24粒": "0.25g×24 capsules", "0.3g×20粒": "0.3g×20 capsules",
           "0.35g×36粒": "0.35g×36 capsules", "20mg×14粒": "20mg×14 capsules",
           "0.5g×20片": "0.5g×20 tablets", "20mg×30片": "20mg×30 tablets",
           "0.5g×48片": "0.5g×48 tablets", "100mg×30片": "100mg×30 tablets",
           "0.1g×12片": "0.1g×12 tablets", "10mg×6片": "10mg×6 tablets",
           "10g×9袋": "10g×9 sachets", "10g×20袋": "10g×20 sachets", "3g×10袋": "3g×10 sachets",
           "10ml×10支": "10ml×10 vials", "50只": "50 pieces", "100片": "100 pieces",
           "10卷": "10 rolls", "6包": "6 packs"}
ITEM_DEFAULTS = {"meat": ("500g", "鲜肉"), "aquatic": ("500g", "鲜活"),
                 "vegetable": ("500g", "散装"), "fruit": ("500g", "散装")}
ITEMS = {
    "grain": "东北大米|Northeast rice|kg|散装|6.4; 五常大米|Wuchang rice|袋|5kg|79.9; "
             "泰国香米|Thai jasmine rice|袋|5kg|59.9; 籼米|Indica rice|kg|散装|5.2; "
             "特一粉|Premium wheat flour|kg|散装|5.0; 金龙鱼面粉|Arawana flour|袋|2.5kg|17.9; "
             "富强粉|Enriched flour|袋|5kg|26.5; 挂面|Dried noodles|袋|1kg|9.9; "
             "小米|Millet|kg|散装|10.8; 玉米面|Cornmeal|kg|散装|6.0; "
             "糯米|Glutinous rice|kg|散装|8.6; 绿豆|Mung beans|kg|散装|14.0; "
             "红小豆|Red beans|kg|散装|15.6; 黄豆|Soybeans|kg|散装|9.8",
    "oil": "鲁花花生油|Luhua peanut oil|桶|5L|159.9; 金龙鱼调和油|Arawana blended oil|桶|5L|69.9; "
           "福临门大豆油|Fulinmen soybean oil|桶|5L|59.9; 金龙鱼菜籽油|Arawana rapeseed oil|桶|5L|79.9; "
           "玉米油|Corn oil|桶|5L|75.0; 葵花籽油|Sunflower oil|桶|5L|89.0; "
           "散装花生油|Bulk peanut oil|kg|散装|30.0; 小磨香油|Sesame oil|瓶|400ml|25.8; "
           "橄榄油|Olive oil|瓶|500ml|59.0; 稻米油|Rice bran oil|桶|5L|79.0",
    "meat": "猪后腿肉|Pork hind leg|14.5; 猪五花肉|Pork belly|17.0; 猪里脊|Pork tenderloin|18.0; "
            "猪排骨|Pork ribs|24.0; 猪前腿肉|Pork foreleg|13.5; 牛腱子肉|Beef shank|42.0; "
            "牛腩|Beef brisket|38.0; 羊肉卷|Lamb rolls|500g|冷冻|36.0; 羊腿肉|Lamb leg|40.0; "
            "白条鸡|Whole chicken|500g|冰鲜|11.5; 鸡胸肉|Chicken breast|500g|冰鲜|10.0; "
            "鸡腿|Chicken legs|500g|冰鲜|12.0; 鸭肉|Duck|500g|冰鲜|10.5; "
            "双汇火腿肠|Shuanghui ham sausage|袋|270g|12.5",
    "egg": "鲜鸡蛋|Fresh eggs|500g|散装|5.6; 土鸡蛋|Free-range eggs|盒|30枚|39.9; "
           "鲜鸭蛋|Fresh duck eggs|500g|散装|8.0; 鹌鹑蛋|Quail eggs|500g|散装|9.5; "
           "咸鸭蛋|Salted duck eggs|盒|6枚|15.8",
    "aquatic": "草鱼|Grass carp|9.0; 鲢鱼|Silver carp|6.5; 鲫鱼|Crucian carp|12.0; "
               "鲤鱼|Common carp|8.5; 黄鳝|Rice-field eel|45.0; 带鱼|Hairtail|500g|冷冻|25.0; "
               "小黄鱼|Small yellow croaker|500g|冷冻|18.0; 基围虾|Greasyback shrimp|45.0; "
               "小龙虾|Crayfish|28.0; 鱿鱼|Squid|500g|冷冻|22.0; 海带|Kelp|500g|干货|8.0; "
               "花蛤|Clams|10.0",
    "vegetable": "大白菜|Chinese cabbage|1.2; 小白菜|Bok choy|2.5; 菠菜|Spinach|3.5; "
                 "芹菜|Celery|2.8; 韭菜|Chinese chives|3.5; 生菜|Lettuce|3.0; "
                 "油麦菜|Indian lettuce|3.2; 卷心菜|Cabbage|1.5; 西兰花|Broccoli|4.5; "
                 "菜花|Cauliflower|3.0; 黄瓜|Cucumber|2.8; 西红柿|Tomato|3.5; 茄子|Eggplant|3.0; "
                 "青椒|Green pepper|3.8; 尖椒|Hot pepper|4.5; 土豆|Potato|1.8; "
                 "白萝卜|White radish|1.3; 胡萝卜|Carrot|1.8; 洋葱|Onion|1.8; 冬瓜|Wax gourd|1.2; "
                 "南瓜|Pumpkin|1.8; 豆角|Green beans|5.0; 蒜薹|Garlic shoots|6.0; "
                 "莲藕|Lotus root|4.5; 山药|Chinese yam|6.0; 生姜|Ginger|8.0; 大蒜|Garlic|7.0; "
                 "大葱|Scallion|3.0; 香菇|Shiitake|8.0; 豆腐|Tofu|500g|盒装|3.0",
    "fruit": "富士苹果|Fuji apple|500g|80mm以上|6.0; 香蕉|Banana|3.5; 砀山梨|Dangshan pear|3.5; "
             "赣南脐橙|Gannan navel orange|6.0; 砂糖橘|Shatang mandarin|5.0; "
             "巨峰葡萄|Kyoho grapes|8.0; 西瓜|Watermelon|2.0; 哈密瓜|Hami melon|4.5; "
             "猕猴桃|Kiwifruit|8.0; 水蜜桃|Juicy peach|6.0; 草莓|Strawberry|15.0; "
             "火龙果|Dragon fruit|7.0; 柚子|Pomelo|3.5; 芒果|Mango|8.0; 菠萝|Pineapple|4.0; "
             "樱桃|Cherry|30.0",
    "dairy": "伊利纯牛奶|Yili pure milk|箱|250ml×24盒|65.0; 蒙牛纯牛奶|Mengniu pure milk|箱|"
             "250ml×24盒|62.0; 光明鲜牛奶|Bright fresh milk|瓶|950ml|16.8; "
             "安慕希酸奶|Ambrosial yogurt|箱|205g×12盒|59.9; 特仑苏纯牛奶|Deluxe milk|箱|"
             "250ml×12盒|62.0; 君乐宝酸奶|Junlebao yogurt|袋|180g×6|14.9; "
             "飞鹤婴儿奶粉|Feihe infant formula|罐|900g|268.0; 伊利全脂奶粉|Yili milk powder|袋|"
             "400g|39.0; 妙可蓝多奶酪棒|Milkground cheese sticks|袋|500g|45.0; "
             "光明原味酸奶|Bright plain yogurt|盒|100g×8|13.5",
    "medicine": "阿莫西林胶囊|Amoxicillin capsules|盒|0.25g×24粒|12.0; 布洛芬缓释胶囊|"
                "Ibuprofen SR capsules|盒|0.3g×20粒|18.0; 对乙酰氨基酚片|Paracetamol tablets|盒|"
                "0.5g×20片|6.5; 复方感冒灵颗粒|Compound cold granules|盒|10g×9袋|15.0; "
                "板蓝根颗粒|Isatis root granules|盒|10g×20袋|16.0; 连花清瘟胶囊|Lianhua Qingwen "
                "capsules|盒|0.35g×36粒|28.0; 蒙脱石散|Montmorillonite powder|盒|3g×10袋|15.0; "
                "藿香正气水|Huoxiang Zhengqi liquid|盒|10ml×10支|12.0; 硝苯地平缓释片|"
                "Nifedipine SR tablets|盒|20mg×30片|25.0; 盐酸二甲双胍片|Metformin tablets|盒|"
                "0.5g×48片|18.0; 阿司匹林肠溶片|Aspirin enteric tablets|盒|100mg×30片|15.0; "
                "头孢克肟分散片|Cefixime tablets|盒|0.1g×12片|30.0; 氯雷他定片|Loratadine "
                "tablets|盒|10mg×6片|18.0; 奥美拉唑肠溶胶囊|Omeprazole capsules|盒|20mg×14粒|"
                "16.0; 云南白药气雾剂|Yunnan Baiyao aerosol|盒|85g+30g|58.0; 医用外科口罩|"
                "Surgical masks|盒|50只|25.0; 医用酒精|Medical alcohol|瓶|75% 500ml|8.0; "
                "创可贴|Adhesive bandages|盒|100片|15.0",
    "daily": "立白洗衣粉|Liby washing powder|袋|1.7kg|22.9; 汰渍洗衣液|Tide laundry liquid|瓶|"
             "3kg|49.9; 蓝月亮洗衣液|Blue Moon laundry liquid|瓶|3kg|52.9; 雕牌洗洁精|"
             "Diao dish soap|瓶|1.5kg|12.9; 舒肤佳香皂|Safeguard soap|块|115g|6.5; "
             "高露洁牙膏|Colgate toothpaste|支|180g|15.9; 清风卷纸|Breeze toilet paper|提|10卷|"
             "29.9; 维达抽纸|Vinda tissues|提|6包|19.9; 海飞丝洗发水|Head & Shoulders shampoo|"
             "瓶|400ml|49.9; 加碘食盐|Iodised salt|袋|400g|2.5; 海天生抽|Haitian soy sauce|瓶|"
             "500ml|9.9; 白砂糖|White sugar|袋|500g|6.5",
}
STORES = (("佳和超市(东关店)", "supermarket", "东关街道", .0),
          ("家家福超市(新华店)", "supermarket", "新华街道", .03),
          ("惠万家超市(南湖店)", "supermarket", "南湖街道", -.02),
          ("西城农贸市场", "market", "西城街道", -.06),
          ("康宁大药房(人民路店)", "pharmacy", "人民路街道", .02),
          ("百姓缘药店(和平店)", "pharmacy", "和平街道", -.03))

# --- disclosure: outcome → share, reasons (the annual report's wording) ---------------
DISCLOSURE = {
    "disclosed": (.36, [""]),
    "partially_disclosed": (.14, ["部分内容涉及个人隐私", "部分内容属于过程性信息",
                                  "部分内容涉及商业秘密"]),
    "not_disclosed": (.07, ["属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷信息",
                            "危及“三安全一稳定”", "保护第三方合法权益"]),
    "not_held": (.24, ["本机关不掌握相关政府信息", "没有现成信息需要另行制作",
                       "补正后申请内容仍不明确"]),
    "not_government_info": (.07, ["信访举报投诉类申请", "要求提供公开出版物",
                                  "无正当理由大量反复申请"]),
    "withdrawn": (.06, ["申请人撤回申请"]),
    "other": (.06, ["申请人逾期未补正", "申请人逾期未按收费通知要求缴纳费用"]),
}
CARRIED_OVER = "结转下年度继续办理"
DISCLOSURE_DEPARTMENTS = {"区住建局": 18, "区自然资源局": 15, "区政府办公室": 12, "区人社局": 8,
                          "区城管局": 7, "区教育局": 6, "区市场监管局": 5, "区生态环境局": 5,
                          "区民政局": 4, "区卫健委": 4, "区交通运输局": 3, "区发展改革委": 3,
                          STREET: 10}
