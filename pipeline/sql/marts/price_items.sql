-- The monitored items and the standard unit their prices are compared in.
-- Rule (Methodology: unit_price): a weight or volume is read first from `unit` (500g, kg,
-- 斤, 1.8L ...), else from `spec` ("5kg", "5L", "250ml×24盒" = 6 L, "180g×6" = 1080 g),
-- except for medicine, whose spec is a dose (0.25g×24粒): a medicine is priced per package
-- unless its unit itself is a weight. Weights compare per 500 g (one 斤), volumes per litre,
-- everything else per unit as sold (盒, 瓶, 提 ...). unit_factor × price = unit price.
with items as (
    select * from stg_price_items
),

observations as (
    select * from stg_price_observations
),

-- grams or millilitres per base unit, and whether it is a weight or a volume
units as (
    select * from (values
        ('kg', 1000.0, 'mass'), ('千克', 1000.0, 'mass'), ('公斤', 1000.0, 'mass'),
        ('g', 1.0, 'mass'), ('克', 1.0, 'mass'), ('斤', 500.0, 'mass'),
        ('l', 1000.0, 'volume'), ('升', 1000.0, 'volume'),
        ('ml', 1.0, 'volume'), ('毫升', 1.0, 'volume')
    ) as t(name, size, kind)
),

texts as (
    select
        items.*,
        regexp_extract(lower(replace(unit, ' ', '')),
            '^([0-9]+(?:\.[0-9]+)?)?(kg|千克|公斤|g|克|斤|l|升|ml|毫升)$',
            ['amount', 'name']) as in_unit,
        regexp_extract(lower(replace(coalesce(spec, ''), ' ', '')),
            '([0-9]+(?:\.[0-9]+)?)(kg|千克|公斤|g|克|斤|ml|毫升|l|升)(?:[×x*]([0-9]+))?',
            ['amount', 'name', 'times']) as in_spec
    from items
),

measured as (
    select
        texts.*,
        case
            when in_unit.name <> '' then in_unit.name
            when category <> 'medicine' and in_spec.name <> '' then in_spec.name
        end as measure_unit,
        case
            when in_unit.name <> '' then coalesce(try_cast(nullif(in_unit.amount, '') as double), 1)
            when category <> 'medicine' and in_spec.name <> ''
                then try_cast(in_spec.amount as double)
                    * coalesce(try_cast(nullif(in_spec.times, '') as double), 1)
        end as measure_amount
    from texts
),

standard as (
    select
        measured.*,
        case units.kind when 'mass' then '500g' when 'volume' then 'L' else measured.unit end
            as standard_unit,
        case units.kind
            when 'mass' then 500 / (measure_amount * units.size)
            when 'volume' then 1000 / (measure_amount * units.size)
            else 1.0
        end as unit_factor
    from measured
    left join units on measured.measure_unit = units.name
),

observed as (
    select
        item_key,
        count(distinct store) as stores,
        min(observed_on) as first_observed_on,
        max(observed_on) as last_observed_on
    from observations
    group by item_key
),

final as (
    select
        standard.item_code,
        standard.name_zh,
        standard.name_en,
        standard.category,
        standard.unit,
        standard.spec,
        standard.spec_en,
        standard.standard_unit,
        standard.unit_factor,
        standard.currency,
        coalesce(observed.stores, 0) as stores,
        observed.first_observed_on,
        observed.last_observed_on,
        standard.item_key
    from standard
    left join observed on standard.item_key = observed.item_key
)

select * from final order by item_code
