-- Hotline calls by month received.
with calls as (
    select * from stg_hotline
),

months as (
    select
        strftime(received_at, '%Y-%m') as month,
        count(*) as calls,
        count(*) filter (where answered) as answered,
        count(*) filter (where kind = 'consultation') as consultations,
        count(*) filter (where kind = 'consultation' and replied_at is not null) as replied,
        count(*) filter (where kind = 'complaint') as complaints,
        count(*) filter (
            where kind = 'complaint' and coalesce(resolved, resolved_at is not null)
        ) as complaints_resolved,
        count(satisfaction) as base_satisfaction,
        count(*) filter (where satisfaction >= 4) as satisfied,
        median(wait_seconds) as median_wait_seconds,
        count(wait_seconds) as base_wait,
        count(programme_date) as programme_calls
    from calls
    group by month
),

final as (
    select
        month,
        calls,
        answered,
        answered / calls as answer_rate,
        consultations,
        replied,
        replied / nullif(consultations, 0) as reply_rate,
        complaints,
        complaints_resolved,
        complaints_resolved / nullif(complaints, 0) as complaint_resolution_rate,
        satisfied / nullif(base_satisfaction, 0) as satisfaction_rate,
        median_wait_seconds,
        programme_calls,
        satisfied,
        base_satisfaction,
        base_wait
    from months
)

select * from final order by month
