-- Officials' public commitments; one row per id (a later file or line wins).
with source as (
    select * from valid_commitments
),

final as (
    select
        trim(commitment_id) as commitment_id,
        cast(parse_number(year) as integer) as year,
        ref_name('roles', owner_role) as owner_role,
        clean_text(owner_name) as owner_name,
        ref_name('departments', department) as department,
        clean_text(title) as title,
        clean_text(description) as description,
        clean_text(target) as target,
        parse_date(deadline) as deadline,
        ref_name('commitment_categories', category) as category
    from source
    qualify row_number() over (
        partition by trim(commitment_id) order by _file desc, _line desc
    ) = 1
)

select * from final
