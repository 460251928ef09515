-- Every progress report on a commitment, oldest first: the public record.
with updates as (
    select * from stg_commitment_updates
),

commitments as (
    select commitment_id, year, department from stg_commitments
),

final as (
    select
        updates.commitment_id,
        commitments.year,
        commitments.department,
        updates.reported_on,
        updates.stage,
        updates.status,
        updates.progress_pct,
        updates.note,
        updates.evidence_url
    from updates
    inner join commitments on updates.commitment_id = commitments.commitment_id
)

select * from final
order by commitment_id, reported_on, list_position(['pledge', 'interim', 'midyear', 'yearend'], stage)
