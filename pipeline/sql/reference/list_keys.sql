-- The keys one list answers to: its codes, Chinese and English names (case and spaces ignored).
with list as (
    select * from query_table($list)
),

keys as (
    select ref_key(code) as key, name_zh from list
    union
    select ref_key(name_zh), name_zh from list
    union
    select ref_key(name_en), name_zh from list
),

final as (
    select $dimension as dimension, key, name_zh
    from keys
    where key is not null
)

select * from final
