-- The annual report's table of requests by outcome (its legally fixed form: not suppressed).
with requests as (
    select * from stg_disclosure
),

final as (
    select
        year(received_at) as year,
        outcome,
        count(*) as requests
    from requests
    group by year, outcome
)

select * from final order by year, outcome
