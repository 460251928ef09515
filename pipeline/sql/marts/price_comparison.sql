-- The latest comparison as residents read it: per item, every shop that has ever sold it.
-- A shop observed on the item's latest day has its price there; a shop that sold the item
-- before but is absent that day is a 'missing' row with no price (never carried forward).
-- An item whose latest day is more than stale_days before the as-of date is stale.
with latest as (
    select * from prices_latest
),

history as (
    select * from price_history
),

items as (
    select * from price_items
),

stores as (
    select * from stg_price_stores
),

sellers as (
    select item_code, store, max(observed_on) as last_seen_on
    from history
    group by item_code, store
),

latest_day as (
    select item_code, max(observed_on) as latest_on, min(min_price) as min_price,
           max(max_price) as max_price, max(spread_pct) as spread_pct,
           count(*) as stores_observed
    from latest
    group by item_code
),

final as (
    select
        latest_day.latest_on,
        items.item_code,
        items.name_zh as item_name_zh,
        items.name_en as item_name_en,
        items.category,
        items.unit,
        items.spec,
        items.spec_en,
        items.standard_unit,
        items.currency,
        sellers.store,
        stores.store_type,
        stores.district,
        case when latest.store is null then 'missing' else 'observed' end as status,
        latest.observed_on,
        latest.price,
        history.unit_price,
        latest_day.min_price,
        latest_day.max_price,
        latest_day.spread_pct,
        latest_day.stores_observed,
        latest.is_cheapest,
        history.previous_on,
        history.change_prev,
        history.year_ago_on,
        history.change_year,
        sellers.last_seen_on,
        date_diff('day', latest_day.latest_on, getvariable('as_of')) as days_old,
        date_diff('day', latest_day.latest_on, getvariable('as_of'))
            > getvariable('stale_days') as stale
    from sellers
    inner join latest_day on sellers.item_code = latest_day.item_code
    inner join items on sellers.item_code = items.item_code
    left join latest on sellers.item_code = latest.item_code and sellers.store = latest.store
    left join history
        on latest.item_code = history.item_code and latest.store = history.store
        and latest.observed_on = history.observed_on
    left join stores on sellers.store = stores.store
)

select * from final order by item_code, store
