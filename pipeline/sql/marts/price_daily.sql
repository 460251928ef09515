-- Per item and observation day, across the shops observed that day: how many, the lowest,
-- median and highest price, the spread ((max − min) ÷ min) and the cheapest shop(s).
with history as (
    select * from price_history
),

final as (
    select
        observed_on,
        item_code,
        category,
        count(*) as stores,
        min(price) as min_price,
        median(price) as median_price,
        max(price) as max_price,
        (max(price) - min(price)) / min(price) as spread_pct,
        string_agg(store, ';' order by store) filter (where is_cheapest) as cheapest_stores
    from history
    group by observed_on, item_code, category
)

select * from final order by item_code, observed_on
