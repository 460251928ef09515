-- Commitments by year and department; the fulfilment rate counts those due in the year
-- (computed once for every grain in commitment_groups).
with groups as (
    select * from commitment_groups where grain = 'year_department'
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
        fulfilment_rate,
        withdrawn,
        due
    from groups
)

select * from final order by year, department
