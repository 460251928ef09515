-- Cases by received year, source and department.
with groups as (
    select * from int_case_groups where grain = 'year_source_department'
),

final as (
    select
        year,
        source,
        department,
        received,
        closed,
        closure_rate,
        on_time_rate,
        median_handling_days,
        satisfaction_rate,
        p90_handling_days,
        on_time,
        base_on_time,
        satisfied,
        base_satisfaction,
        resolved,
        closed_30d,
        closed_30d_rate,
        provisional
    from groups
)

select * from final order by year, source, department
