-- Hotline calls by year received and the department that took them (calls without a
-- department are left out), with the department's part in the live programme.
with calls as (
    select * from stg_hotline where department is not null
),

groups as (
    select
        year(received_at) as year,
        department,
        count(*) as calls,
        count(*) filter (where kind = 'consultation') as consultations,
        count(*) filter (where kind = 'consultation' and replied_at is not null) as replied,
        count(*) filter (where kind = 'complaint') as complaints,
        count(*) filter (
            where kind = 'complaint' and coalesce(resolved, resolved_at is not null)
        ) as complaints_resolved,
        count(satisfaction) as base_satisfaction,
        count(*) filter (where satisfaction >= 4) as satisfied,
        count(programme_date) as programme_calls,
        count(distinct programme_date) as programme_episodes
    from calls
    group by year, department
),

final as (
    select
        year,
        department,
        calls,
        consultations,
        replied,
        replied / nullif(consultations, 0) as reply_rate,
        complaints,
        complaints_resolved,
        complaints_resolved / nullif(complaints, 0) as complaint_resolution_rate,
        satisfied / nullif(base_satisfaction, 0) as satisfaction_rate,
        programme_calls,
        programme_episodes,
        satisfied,
        base_satisfaction
    from groups
)

select * from final order by year, department
