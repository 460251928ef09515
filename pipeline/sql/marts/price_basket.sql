-- The fixed basket (portal.toml [prices] basket: item and quantity in its unit) in each
-- shop at each item's latest observation day. A shop missing from that day, or not selling
-- the item, leaves it unpriced: the cost is only given for a complete basket, the sum of
-- the priced items apart. Stale prices are counted so the page can say so.
with comparison as (
    select * from price_comparison
),

items as (
    select * from price_items
),

basket as (
    select entry.item as item, entry.quantity as quantity
    from (select unnest(cast(getvariable('basket')
                             as struct(item varchar, quantity double)[])) as entry)
),

basket_items as (
    select basket.item, basket.quantity, items.item_code
    from basket
    left join items on parse_code(trim(basket.item)) = items.item_key
),

shops as (
    select distinct comparison.store, comparison.store_type, comparison.district
    from comparison
    inner join basket_items on comparison.item_code = basket_items.item_code
),

cells as (
    select
        shops.store,
        shops.store_type,
        shops.district,
        basket_items.item,
        basket_items.quantity * comparison.price as cost,
        comparison.observed_on,
        comparison.stale
    from shops
    cross join basket_items
    left join comparison
        on comparison.store = shops.store
        and comparison.item_code = basket_items.item_code
        and comparison.status = 'observed'
),

final as (
    select
        store,
        store_type,
        district,
        count(*) as items,
        count(cost) as items_priced,
        count(cost) filter (where stale) as items_stale,
        case when count(cost) = count(*) then sum(cost) end as cost,
        sum(cost) as priced_cost,
        count(cost) = count(*) as complete,
        min(observed_on) as oldest_observed_on,
        max(observed_on) as latest_observed_on
    from cells
    group by store, store_type, district
)

select * from final order by complete desc, cost, store
