-- Cases by year received and source: the figures of each source's page for a whole year.
-- Resolved (outcome = resolved) stays apart from closed (closed_at set): for mediation,
-- resolved ÷ closed is the mediation success rate.
with groups as (
    select * from int_case_groups where grain = 'year_source'
),

final as (
    select
        year,
        source,
        received,
        closed,
        closure_rate,
        on_time_rate,
        median_handling_days,
        p90_handling_days,
        satisfaction_rate,
        resolved,
        resolution_rate,
        on_time,
        base_on_time,
        satisfied,
        base_satisfaction,
        closed_30d,
        closed_30d_rate,
        provisional
    from groups
)

select * from final order by year, source
