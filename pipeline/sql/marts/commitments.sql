-- One row per commitment with the status of its latest update (DESIGN.md counting rules).
with commitments as (
    select * from stg_commitments
),

updates as (
    select * from stg_commitment_updates
),

latest as (
    select commitment_id, status, progress_pct, reported_on
    from updates
    qualify row_number() over (
        partition by commitment_id
        order by reported_on desc,
            list_position(['pledge', 'interim', 'midyear', 'yearend'], stage) desc,
            source_file desc, source_line desc
    ) = 1
),

final as (
    select
        commitments.commitment_id,
        commitments.year,
        commitments.owner_role,
        commitments.owner_name,
        commitments.department,
        commitments.title,
        commitments.deadline,
        latest.status,
        latest.progress_pct,
        latest.reported_on as last_reported_on,
        commitments.deadline < getvariable('as_of')
            and coalesce(latest.status, '') not in ('fulfilled', 'withdrawn') as overdue,
        commitments.description,
        commitments.target,
        commitments.category
    from commitments
    left join latest on commitments.commitment_id = latest.commitment_id
)

select * from final order by year, department, commitment_id
