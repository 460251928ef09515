-- One item, shop and day given different prices (a correction in a later file, or two
-- kinds of price mixed: retail and wholesale, a forecast beside the observed one).
-- Staging keeps the later file or line; this counts what it overrode, with the first
-- such item, shop and day as an example (codes and shop names are published anyway).
with typed as (
    select
        parse_date(observed_on) as observed_on,
        parse_code(item_code) as item_key,
        trim(item_code) as item_code,
        ref_name('stores', store) as store,
        parse_number(price) as price
    from valid_price_observations
),

conflicts as (
    select observed_on, item_key, store, min(item_code) as item_code, count(*) as rows
    from typed
    group by observed_on, item_key, store
    having count(distinct price) > 1
)

select
    count(*) as groups,
    coalesce(sum(rows), 0) as rows,
    arg_min(item_code || ' · ' || store || ' · ' || strftime(observed_on, '%Y-%m-%d'),
            (observed_on, item_code, store)) as example
from conflicts
