-- Open cases at each month end (24:00 on its last day, or the day before the as-of date
-- when that comes first: `counted_on`), by source: received by then and not closed by then;
-- open past due when the due date had passed too. Every month of data and source, zeros too.
with cases as (
    select * from stg_cases
),

bounds as (
    select
        date_trunc('month', min(received_at)) as first_month,
        date_trunc('month', max(received_at)) as last_month
    from cases
),

months as (
    select
        month_start,
        least(month_start + interval 1 month, cast(getvariable('as_of') as timestamp)) as ends_at
    from bounds,
        unnest(generate_series(first_month, last_month, interval 1 month)) as t(month_start)
    where month_start < cast(getvariable('as_of') as timestamp)
),

sources as (
    select distinct source from cases
),

open_cases as (
    select
        months.month_start,
        months.ends_at,
        sources.source,
        count(cases.source) as open_cases,
        count(cases.source) filter (where cases.due_at < months.ends_at) as open_past_due
    from months
    cross join sources
    left join cases
        on cases.source = sources.source
        and cases.received_at < months.ends_at
        and (cases.closed_at is null or cases.closed_at >= months.ends_at)
    group by months.month_start, months.ends_at, sources.source
),

final as (
    select
        strftime(month_start, '%Y-%m') as month,
        source,
        cast(ends_at as date) - 1 as counted_on,
        open_cases,
        open_past_due
    from open_cases
)

select * from final order by month, source
