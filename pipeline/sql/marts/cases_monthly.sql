-- Cases by received-month cohort and source (DESIGN.md "Counting rules").
-- Denominators travel along (base_*) for the disclosure control and the n/N on pages.
with groups as (
    select * from int_case_groups where grain = 'month_source'
),

final as (
    select
        month,
        source,
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

select * from final order by month, source
