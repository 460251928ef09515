-- Per item, its latest observation day: one row per shop observed that day.
with observations as (
    select * from stg_price_observations
),

items as (
    select * from stg_price_items
),

latest_day as (
    select item_key, max(observed_on) as observed_on
    from observations
    group by item_key
),

latest as (
    select observations.*
    from observations
    inner join latest_day using (item_key, observed_on)
),

final as (
    select
        latest.observed_on,
        items.item_code,
        items.name_zh as item_name_zh,
        items.category,
        items.unit,
        latest.store,
        latest.price,
        min(latest.price) over (partition by latest.item_key) as min_price,
        max(latest.price) over (partition by latest.item_key) as max_price,
        (max(latest.price) over (partition by latest.item_key)
            - min(latest.price) over (partition by latest.item_key))
            / min(latest.price) over (partition by latest.item_key) as spread_pct,
        latest.price = min(latest.price) over (partition by latest.item_key) as is_cheapest,
        items.name_en as item_name_en,
        items.spec,
        items.spec_en
    from latest
    inner join items on latest.item_key = items.item_key
)

select * from final order by item_code, store
