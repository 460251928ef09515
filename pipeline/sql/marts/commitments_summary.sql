-- Commitments by year and department; the fulfilment rate counts those due in the year.
with published as (
    select * from commitments
),

groups as (
    select
        year,
        department,
        count(*) as commitments,
        count(*) filter (where status = 'fulfilled') as fulfilled,
        count(*) filter (where status = 'fulfilled' and year(deadline) <= year) as fulfilled_due,
        count(*) filter (where status = 'partially_fulfilled') as partially_fulfilled,
        count(*) filter (where status = 'not_fulfilled') as not_fulfilled,
        count(*) filter (
            where status is null or status in ('not_started', 'on_track', 'delayed')
        ) as in_progress,
        count(*) filter (where status = 'withdrawn') as withdrawn,
        count(*) filter (where year(deadline) <= year) as due
    from published
    group by year, department
),

final as (
    select
        year,
        department,
        commitments,
        fulfilled,
        partially_fulfilled,
        not_fulfilled,
        in_progress,
        fulfilled_due / nullif(due, 0) as fulfilment_rate,
        withdrawn,
        due
    from groups
)

select * from final order by year, department
