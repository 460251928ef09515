-- Every commitment count at every grain the commitment tables publish, aggregated once
-- (grouping sets), so that the fulfilment rate means the same everywhere: fulfilled
-- commitments due in the year ÷ commitments due in the year (deadline in or before it).
-- Not published itself: commitments_summary, commitments_by_role and commitments_by_year
-- select their grain from it.
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
        -- a bit is set for each column not grouped (department 2, owner_role 1)
        case grouping_id(department, owner_role)
            when 1 then 'year_department'
            when 2 then 'year_role'
            when 3 then 'year'
        end as grain,
        year,
        department,
        owner_role,
        count(*) as commitments,
        count(*) filter (where status = 'fulfilled') as fulfilled,
        count(*) filter (where status = 'fulfilled' and year(deadline) <= year) as fulfilled_due,
        count(*) filter (where status = 'partially_fulfilled') as partially_fulfilled,
        count(*) filter (where status = 'not_fulfilled') as not_fulfilled,
        count(*) filter (
            where status is null or status in ('not_started', 'on_track', 'delayed')
        ) as in_progress,
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
    group by grouping sets ((year, department), (year, owner_role), (year))
),

final as (
    select
        *,
        fulfilled_due / nullif(due, 0) as fulfilment_rate
    from groups
)

select * from final
