-- Commitment updates whose commitment does not exist.
with updates as (
    select * from valid_commitment_updates
),

commitments as (
    select distinct trim(commitment_id) as commitment_id from valid_commitments
),

final as (
    select
        'commitment_updates' as table_name,
        updates._file as file,
        updates._line as line,
        'commitment_id' as column_name,
        'no commitment with this id' as reason
    from updates
    anti join commitments on trim(updates.commitment_id) = commitments.commitment_id
)

select * from final
