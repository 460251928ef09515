-- Records per domain and month (received / observed), for the volume guard: a month that
-- vanished or fell below the ratio against the last published build stops the nightly.
-- The manifest is public: months with fewer than k records (the parameter) are left out,
-- so no small count is published (they are not compared either).
with cases as (
    select 'cases' as domain, strftime(received_at, '%Y-%m') as month from stg_cases
),

hotline as (
    select 'hotline' as domain, strftime(received_at, '%Y-%m') as month from stg_hotline
),

disclosure as (
    select 'disclosure' as domain, strftime(received_at, '%Y-%m') as month from stg_disclosure
),

prices as (
    select 'prices' as domain, strftime(observed_on, '%Y-%m') as month
    from stg_price_observations
),

unioned as (
    select * from cases
    union all select * from hotline
    union all select * from disclosure
    union all select * from prices
),

final as (
    select domain, month, count(*) as records
    from unioned
    where month is not null
    group by domain, month
    having count(*) >= ?
)

select * from final order by domain, month
