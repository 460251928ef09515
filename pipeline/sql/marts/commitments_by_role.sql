-- Commitments by year and official's role (副区长, 局长, ...), counted as in
-- commitments_summary (both select from commitment_groups).
with groups as (
    select * from commitment_groups where grain = 'year_role'
),

final as (
    select
        year,
        owner_role,
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

select * from final order by year, owner_role
