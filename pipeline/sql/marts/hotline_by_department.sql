-- Hotline calls by year received and the department that took them (calls without a
-- department are left out), with the department's part in the live programme.
with groups as (
    select * from int_hotline_groups
    where grain = 'year_department' and department is not null
),

final as (
    select
        year,
        department,
        calls,
        consultations,
        replied,
        reply_rate,
        complaints,
        complaints_resolved,
        complaint_resolution_rate,
        satisfaction_rate,
        programme_calls,
        programme_episodes,
        satisfied,
        base_satisfaction,
        replied_30d,
        reply_30d_rate,
        complaints_resolved_30d,
        complaint_resolution_30d_rate,
        provisional
    from groups
)

select * from final order by year, department
