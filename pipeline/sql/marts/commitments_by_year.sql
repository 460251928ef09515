-- One row per year: commitments by status, the fulfilment rate (fulfilled ÷ due in the
-- year, as in commitments_summary), how many are overdue or behind schedule, and how
-- many of those due in the year have not reached their deadline at the as-of date.
with published as (
    select * from commitments
),

schedule as (
    select commitment_id, schedule_status from commitment_schedule
),

joined as (
    select published.*, schedule.schedule_status
    from published
    left join schedule on published.commitment_id = schedule.commitment_id
),

groups as (
    select
        year,
        count(*) as commitments,
        count(*) filter (where status = 'fulfilled') as fulfilled,
        count(*) filter (where status = 'partially_fulfilled') as partially_fulfilled,
        count(*) filter (where status = 'not_fulfilled') as not_fulfilled,
        count(*) filter (where status = 'on_track') as on_track,
        count(*) filter (where status = 'delayed') as delayed,
        count(*) filter (where status = 'not_started') as not_started,
        count(*) filter (where status = 'withdrawn') as withdrawn,
        count(*) filter (where status is null) as not_reported,
        count(*) filter (where year(deadline) <= year) as due,
        count(*) filter (
            where year(deadline) <= year and deadline >= getvariable('as_of')
        ) as not_yet_due,
        count(*) filter (where overdue) as overdue,
        count(*) filter (where schedule_status = 'behind') as behind_schedule
    from joined
    group by year
),

final as (
    select
        year,
        commitments,
        fulfilled,
        partially_fulfilled,
        not_fulfilled,
        on_track,
        delayed,
        not_started,
        withdrawn,
        not_reported,
        due,
        fulfilled / nullif(due, 0) as fulfilment_rate,
        overdue,
        behind_schedule,
        not_yet_due
    from groups
)

select * from final order by year
