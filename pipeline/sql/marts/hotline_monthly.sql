-- Hotline calls by month received (figures computed in int_hotline_groups).
with groups as (
    select * from int_hotline_groups where grain = 'month'
),

final as (
    select
        month,
        calls,
        answered,
        answer_rate,
        consultations,
        replied,
        reply_rate,
        complaints,
        complaints_resolved,
        complaint_resolution_rate,
        satisfaction_rate,
        median_wait_seconds,
        programme_calls,
        satisfied,
        base_satisfaction,
        base_wait,
        replied_30d,
        reply_30d_rate,
        complaints_resolved_30d,
        complaint_resolution_30d_rate,
        provisional
    from groups
)

select * from final order by month
