-- Category price index by month, base month index_base (portal.toml [prices]) = 100.
-- The basket is fixed: the items of a category and the shops that priced them in the base
-- month. A quote's monthly price is the mean of its observations in the month; an item's
-- relative is the geometric mean of its shops' price ÷ base price (shops priced in both
-- months only); the index is 100 × the geometric mean of the items' relatives (each item
-- weighs the same: Jevons). Items first priced after the base month are not in the basket.
-- Every float average is an ordered aggregate (`order by` inside avg): DuckDB then adds the
-- values in that order, whatever its threads do, so the same inputs give the same bits.
with history as (
    select * from price_history
),

quotes as (
    select item_code, category, store, strftime(observed_on, '%Y-%m') as month,
           avg(price order by observed_on, price) as price
    from history
    group by item_code, category, store, strftime(observed_on, '%Y-%m')
),

base as (
    select item_code, category, store, price
    from quotes
    where month = getvariable('index_base')
),

relatives as (
    select quotes.category, quotes.item_code, quotes.month,
           exp(avg(ln(quotes.price / base.price) order by quotes.store)) as relative
    from quotes
    inner join base on quotes.item_code = base.item_code and quotes.store = base.store
    group by quotes.category, quotes.item_code, quotes.month
),

indices as (
    select category, month, 100 * exp(avg(ln(relative) order by item_code)) as index_value,
           count(*) as items
    from relatives
    group by category, month
),

base_items as (
    select category, count(distinct item_code) as base_items
    from base
    group by category
),

final as (
    select
        indices.month,
        indices.category,
        indices.index_value,
        indices.items,
        base_items.base_items,
        getvariable('index_base') as base_month,
        indices.index_value / month_before.index_value - 1 as change_prev,
        indices.index_value / year_before.index_value - 1 as change_year
    from indices
    inner join base_items on indices.category = base_items.category
    left join indices as month_before
        on month_before.category = indices.category
        and month_before.month = strftime(strptime(indices.month, '%Y-%m') - interval 1 month, '%Y-%m')
    left join indices as year_before
        on year_before.category = indices.category
        and year_before.month = strftime(strptime(indices.month, '%Y-%m') - interval 1 year, '%Y-%m')
)

select * from final order by category, month
