-- Schedule status (序时进度) of every commitment at the as-of date: the share of its
-- period elapsed against the progress of its latest update. The period runs from its
-- pledge (the first pledge update; 1 January of its year when there is none) to its
-- deadline. Behind schedule: progress below the elapsed share by more than `tolerance`.
with params as (
    select
        getvariable('as_of')::date as as_of,
        0.10 as tolerance  -- ten points of progress; shown on every commitment page
),

published as (
    select * from commitments
),

pledges as (
    select commitment_id, min(reported_on) as pledged_on
    from commitment_updates
    where stage = 'pledge'
    group by commitment_id
),

periods as (
    select
        published.commitment_id,
        published.year,
        published.status,
        published.progress_pct,
        published.deadline,
        coalesce(pledges.pledged_on, make_date(published.year, 1, 1)) as period_start
    from published
    left join pledges on published.commitment_id = pledges.commitment_id
),

elapsed as (
    select
        periods.*,
        params.as_of,
        params.tolerance,
        case
            when params.as_of >= periods.deadline then 1.0
            when params.as_of <= periods.period_start then 0.0
            else date_diff('day', periods.period_start, params.as_of)
                / date_diff('day', periods.period_start, periods.deadline)
        end as expected_share
    from periods
    cross join params
),

final as (
    select
        commitment_id,
        year,
        period_start,
        deadline,
        as_of,
        expected_share,
        progress_pct / 100 as progress_share,
        progress_pct / 100 - expected_share as gap,
        tolerance,
        case
            when status = 'fulfilled' then 'completed'
            when status = 'withdrawn' then 'withdrawn'
            when status in ('partially_fulfilled', 'not_fulfilled') then 'closed'
            when progress_pct is null then 'unknown'
            when progress_pct / 100 < expected_share - tolerance then 'behind'
            else 'on_schedule'
        end as schedule_status
    from elapsed
)

select * from final order by year, commitment_id
