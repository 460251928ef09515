-- Per shop: of the items in the latest comparison where it was observed together with at
-- least one other shop (stale items left out), how many it was cheapest for (ties count for
-- every tied shop).
with comparison as (
    select * from price_comparison
),

compared as (
    select store, is_cheapest
    from comparison
    where status = 'observed' and stores_observed >= 2 and stale is not true
),

shops as (
    select distinct store, store_type, district from comparison
),

final as (
    select
        shops.store,
        shops.store_type,
        shops.district,
        count(compared.store) as items_compared,
        count(compared.store) filter (where compared.is_cheapest) as items_cheapest,
        count(compared.store) filter (where compared.is_cheapest)
            / nullif(count(compared.store), 0) as cheapest_share
    from shops
    left join compared on shops.store = compared.store
    group by shops.store, shops.store_type, shops.district
)

select * from final order by cheapest_share desc nulls last, store
