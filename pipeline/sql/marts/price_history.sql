-- Every price observed: one row per item, shop and day, with its unit price, whether it was
-- the cheapest that day, and its change against the same shop's previous observation (环比)
-- and against the same shop's observation closest to one year earlier (同比), looked for no
-- more than stale_days (portal.toml [prices]) either side of that day. Never filled in.
with observations as (
    select * from stg_price_observations
),

items as (
    select * from price_items
),

priced as (
    select
        observations.observed_on,
        observations.item_key,
        items.item_code,
        items.category,
        observations.store,
        observations.price,
        observations.price * items.unit_factor as unit_price,
        items.standard_unit
    from observations
    inner join items on observations.item_key = items.item_key
),

day_low as (
    select item_key, observed_on, min(price) as min_price
    from priced
    group by item_key, observed_on
),

with_previous as (
    select
        priced.*,
        priced.price = day_low.min_price as is_cheapest,
        lag(priced.observed_on) over shop_item as previous_on,
        lag(priced.price) over shop_item as previous_price
    from priced
    inner join day_low using (item_key, observed_on)
    window shop_item as (partition by priced.item_key, priced.store order by priced.observed_on)
),

year_before as (
    select
        now_.item_key,
        now_.store,
        now_.observed_on,
        before.observed_on as year_ago_on,
        before.price as year_ago_price
    from priced as now_
    inner join priced as before
        on before.item_key = now_.item_key
        and before.store = now_.store
        and before.observed_on
            between cast(now_.observed_on - interval 1 year as date) - getvariable('stale_days')
            and cast(now_.observed_on - interval 1 year as date) + getvariable('stale_days')
    qualify row_number() over (
        partition by now_.item_key, now_.store, now_.observed_on
        order by abs(date_diff('day', before.observed_on,
                               cast(now_.observed_on - interval 1 year as date))),
                 before.observed_on
    ) = 1
),

final as (
    select
        with_previous.observed_on,
        with_previous.item_code,
        with_previous.category,
        with_previous.store,
        with_previous.price,
        with_previous.unit_price,
        with_previous.standard_unit,
        with_previous.is_cheapest,
        with_previous.previous_on,
        with_previous.previous_price,
        with_previous.price / with_previous.previous_price - 1 as change_prev,
        year_before.year_ago_on,
        year_before.year_ago_price,
        with_previous.price / year_before.year_ago_price - 1 as change_year,
        with_previous.item_key
    from with_previous
    left join year_before using (item_key, store, observed_on)
)

select * from final order by item_code, store, observed_on
