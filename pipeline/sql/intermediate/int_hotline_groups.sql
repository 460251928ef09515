-- Every hotline figure at every grain the marts publish, aggregated once (grouping
-- sets), so that each rate means the same in every table. `grain` names the grouping.
-- A month is provisional until its calls have all had 30 days by the data's last day
-- (replies and resolutions still come in); the `_30d` rates (within 30 days of the call)
-- compare months fairly once they are final.
with data_end as (
    select max(received_at)::date as last_day from stg_hotline
),

calls as (
    select
        *,
        strftime(received_at, '%Y-%m') as month,
        year(received_at) as year
    from stg_hotline
),

groups as (
    select
        -- a bit is set for each column not grouped (month 8, year 4, kind 2, department 1)
        case grouping_id(month, year, kind, department)
            when 3 then 'month'
            when 1 then 'month_kind'
            when 10 then 'year_department'
        end as grain,
        month,
        year,
        kind,
        department,
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
        count(programme_date) as programme_calls,
        count(distinct programme_date) as programme_episodes,
        count(*) filter (
            where kind = 'consultation' and replied_at <= received_at + interval 30 day
        ) as replied_30d,
        count(*) filter (
            where kind = 'complaint' and resolved_at <= received_at + interval 30 day
            and coalesce(resolved, true)
        ) as complaints_resolved_30d
    from calls
    group by grouping sets ((month, year), (month, year, kind), (year, department))
),

final as (
    select
        *,
        answered / calls as answer_rate,
        replied / nullif(consultations, 0) as reply_rate,
        complaints_resolved / nullif(complaints, 0) as complaint_resolution_rate,
        satisfied / nullif(base_satisfaction, 0) as satisfaction_rate,
        replied_30d / nullif(consultations, 0) as reply_30d_rate,
        complaints_resolved_30d / nullif(complaints, 0) as complaint_resolution_30d_rate,
        coalesce(
            last_day(coalesce(strptime(month, '%Y-%m'), make_date(year, 12, 1)))
            + interval 30 day > (select last_day from data_end),
            false
        ) as provisional
    from groups
)

select * from final
