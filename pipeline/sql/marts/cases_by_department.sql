-- Cases by received year, source and department.
with cases as (
    select * from stg_cases
),

groups as (
    select
        year(received_at) as year,
        source,
        department,
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
    group by year, source, department
),

final as (
    select
        year,
        source,
        department,
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
    from groups
)

select * from final order by year, source, department
