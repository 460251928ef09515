-- Cases by year received and department, every source together: the department league
-- table and department pages. Rows add up to the sources of `cases_by_department`.
with groups as (
    select * from int_case_groups where grain = 'year_department'
),

final as (
    select
        year,
        department,
        received,
        closed,
        closure_rate,
        on_time_rate,
        median_handling_days,
        p90_handling_days,
        satisfaction_rate,
        resolved,
        on_time,
        base_on_time,
        satisfied,
        base_satisfaction,
        closed_30d,
        closed_30d_rate,
        provisional
    from groups
)

select * from final order by year, department
