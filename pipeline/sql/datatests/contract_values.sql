-- The accepted values of one column of the input contract (pipeline/contracts.py).
select accepted
from contract_columns
where table_name = ? and column_name = ?
