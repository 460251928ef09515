-- The date of the latest record of each domain: the "data date" shown on the data-quality page.
with dates as (
    select 'cases' as domain, max(received_at)::date as data_date from stg_cases
    union all
    select 'hotline' as domain, max(received_at)::date as data_date from stg_hotline
    union all
    select 'disclosure' as domain, max(received_at)::date as data_date from stg_disclosure
    union all
    select 'prices' as domain, max(observed_on)::date as data_date from stg_price_observations
    union all
    select 'commitments' as domain, max(reported_on)::date as data_date
    from stg_commitment_updates
),

final as (
    select domain, strftime(data_date, '%Y-%m-%d') as data_date from dates
)

select * from final order by domain
