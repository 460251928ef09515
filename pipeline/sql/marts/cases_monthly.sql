-- Cases by received-month cohort and source (DESIGN.md "Counting rules").
-- Denominators travel along (base_*) for the disclosure control and the n/N on pages.
with cases as (
    select * from stg_cases
),

cohorts as (
    select
        strftime(received_at, '%Y-%m') as month,
        source,
        count(*) as received,
        count(closed_at) as closed,
        count(*) filter (where closed_at is not null and due_at is not null) as base_on_time,
        count(*) filter (where closed_at <= due_at) as on_time,
        median(handling_days) as median_handling_days,
        quantile_cont(handling_days, 0.9) as p90_handling_days,
        count(satisfaction) as base_satisfaction,
        count(*) filter (where satisfaction >= 4) as satisfied,
        count(*) filter (where closed_at is not null and outcome = 'resolved') as resolved
    from cases
    group by month, source
),

final as (
    select
        month,
        source,
        received,
        closed,
        closed / received as closure_rate,
        on_time / nullif(base_on_time, 0) as on_time_rate,
        median_handling_days,
        satisfied / nullif(base_satisfaction, 0) as satisfaction_rate,
        p90_handling_days,
        on_time,
        base_on_time,
        satisfied,
        base_satisfaction,
        resolved
    from cohorts
)

select * from final order by month, source
