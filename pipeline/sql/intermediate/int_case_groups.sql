-- Every case figure at every grain the marts publish, aggregated once (grouping sets).
-- `grain` names the grouping; a mart selects its grain and its columns. Rates are
-- computed here so that every table defines them the same way (DESIGN.md counting rules).
-- A cohort (the cases received in a month or a year) is provisional until every one of
-- its cases has had 30 days since receipt by the data's last day: its closure rate still
-- grows. `closed_30d_rate` (closed within 30 days of receipt ÷ received) compares cohorts
-- fairly once they are final.
with data_end as (
    select max(received_at)::date as last_day from stg_cases
),

cases as (
    select
        *,
        strftime(received_at, '%Y-%m') as month,
        year(received_at) as year
    from stg_cases
),

groups as (
    select
        case grouping_id(month, year, source, department, district)
            -- a bit is set for each column not grouped (month 16 … district 1)
            when 3 then 'month_source'
            when 17 then 'year_source_department'
            when 19 then 'year_source'
            when 21 then 'year_department'
            when 18 then 'year_source_district'
        end as grain,
        month,
        year,
        source,
        department,
        district,
        count(*) as received,
        count(closed_at) as closed,
        count(*) filter (where closed_at is not null and due_at is not null) as base_on_time,
        count(*) filter (where closed_at <= due_at) as on_time,
        -- both quantiles from one buffer of the group's values (a median and a
        -- quantile_cont would each keep a copy: 10M cases in five groupings do not
        -- fit a small machine twice); split into their two columns in `final`
        quantile_cont(handling_days, [0.5, 0.9]) as median_handling_days,
        null::double as p90_handling_days,
        count(satisfaction) as base_satisfaction,
        count(*) filter (where satisfaction >= 4) as satisfied,
        count(*) filter (where closed_at is not null and outcome = 'resolved') as resolved,
        count(*) filter (where closed_at <= received_at + interval 30 day) as closed_30d
    from cases
    group by grouping sets (
        (month, year, source),
        (year, source, department),
        (year, source),
        (year, department),
        (year, source, district)
    )
),

final as (
    select
        * replace (median_handling_days[1] as median_handling_days,
                   median_handling_days[2] as p90_handling_days),
        closed / received as closure_rate,
        on_time / nullif(base_on_time, 0) as on_time_rate,
        satisfied / nullif(base_satisfaction, 0) as satisfaction_rate,
        resolved / nullif(closed, 0) as resolution_rate,
        closed_30d / received as closed_30d_rate,
        coalesce(
            last_day(coalesce(strptime(month, '%Y-%m'), make_date(year, 12, 1)))
            + interval 30 day > (select last_day from data_end),
            false
        ) as provisional
    from groups
)

select * from final
