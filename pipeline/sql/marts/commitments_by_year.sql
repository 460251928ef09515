-- One row per year: commitments by status, the fulfilment rate (as in
-- commitments_summary), how many are overdue or behind schedule, and how many of those
-- due in the year have not reached their deadline at the as-of date.
with groups as (
    select * from commitment_groups where grain = 'year'
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
        fulfilment_rate,
        overdue,
        behind_schedule,
        not_yet_due
    from groups
)

select * from final order by year
