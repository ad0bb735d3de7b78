//! One-line queries: the statement, then its parameters as a tuple (`(name, id)`, one value
//! `(id,)`, none `()`). [`Read`] runs them on a pool (a page's reads); the command layer's
//! transaction has the same methods for writes. A value that cannot be encoded fails the
//! statement.

use std::future::Future;

use sqlx::sqlite::{SqliteArguments, SqliteRow};
use sqlx::{Arguments, Decode, Encode, FromRow, Sqlite, SqlitePool, Type};

pub trait Params<'q> {
    fn arguments(self) -> Result<SqliteArguments<'q>, sqlx::error::BoxDynError>;
}

macro_rules! tuple_params {
    ($($value:ident),*) => {
        impl<'q, $($value),*> Params<'q> for ($($value,)*)
        where
            $($value: 'q + Encode<'q, Sqlite> + Type<Sqlite>,)*
        {
            #[allow(non_snake_case, unused_mut)]
            fn arguments(self) -> Result<SqliteArguments<'q>, sqlx::error::BoxDynError> {
                let mut arguments = SqliteArguments::default();
                let ($($value,)*) = self;
                $(arguments.add($value)?;)*
                Ok(arguments)
            }
        }
    };
}

tuple_params!();
tuple_params!(A);
tuple_params!(A, B);
tuple_params!(A, B, C);
tuple_params!(A, B, C, D);
tuple_params!(A, B, C, D, E);
tuple_params!(A, B, C, D, E, F);
tuple_params!(A, B, C, D, E, F, G);
tuple_params!(A, B, C, D, E, F, G, H);
tuple_params!(A, B, C, D, E, F, G, H, I);
tuple_params!(A, B, C, D, E, F, G, H, I, J);
tuple_params!(A, B, C, D, E, F, G, H, I, J, K);
tuple_params!(A, B, C, D, E, F, G, H, I, J, K, L);
tuple_params!(A, B, C, D, E, F, G, H, I, J, K, L, M);
tuple_params!(A, B, C, D, E, F, G, H, I, J, K, L, M, N);
tuple_params!(A, B, C, D, E, F, G, H, I, J, K, L, M, N, O);
tuple_params!(A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P);
tuple_params!(A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q);
tuple_params!(A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R);
tuple_params!(A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S);
tuple_params!(A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S, T);
tuple_params!(
    A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S, T, U
);
tuple_params!(
    A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S, T, U, V
);
tuple_params!(
    A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S, T, U, V, W
);
tuple_params!(
    A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S, T, U, V, W, X
);
tuple_params!(
    A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S, T, U, V, W, X, Y
);
tuple_params!(
    A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S, T, U, V, W, X, Y, Z
);

/// The arguments of a statement, or the encoding error as a database error.
pub fn arguments<'q>(params: impl Params<'q>) -> Result<SqliteArguments<'q>, sqlx::Error> {
    params.arguments().map_err(sqlx::Error::Encode)
}

/// Reads on a pool, one line each: `db.rows("SELECT … WHERE id = ?", (id,)).await?`.
pub trait Read {
    /// The one value a query returns (a missing row is an error).
    fn one<'q, T>(
        &self,
        sql: &'q str,
        params: impl Params<'q>,
    ) -> impl Future<Output = Result<T, sqlx::Error>> + Send
    where
        T: for<'r> Decode<'r, Sqlite> + Type<Sqlite> + Send + Unpin;

    /// The value a query returns, if it returns a row.
    fn optional<'q, T>(
        &self,
        sql: &'q str,
        params: impl Params<'q>,
    ) -> impl Future<Output = Result<Option<T>, sqlx::Error>> + Send
    where
        T: for<'r> Decode<'r, Sqlite> + Type<Sqlite> + Send + Unpin;

    /// The one row a query returns, as a tuple or a `FromRow` struct.
    fn row<'q, T>(
        &self,
        sql: &'q str,
        params: impl Params<'q>,
    ) -> impl Future<Output = Result<T, sqlx::Error>> + Send
    where
        T: for<'r> FromRow<'r, SqliteRow> + Send + Unpin;

    /// The row a query returns, if any.
    fn row_optional<'q, T>(
        &self,
        sql: &'q str,
        params: impl Params<'q>,
    ) -> impl Future<Output = Result<Option<T>, sqlx::Error>> + Send
    where
        T: for<'r> FromRow<'r, SqliteRow> + Send + Unpin;

    /// Every row a query returns.
    fn rows<'q, T>(
        &self,
        sql: &'q str,
        params: impl Params<'q>,
    ) -> impl Future<Output = Result<Vec<T>, sqlx::Error>> + Send
    where
        T: for<'r> FromRow<'r, SqliteRow> + Send + Unpin;
}

impl Read for SqlitePool {
    fn one<'q, T>(
        &self,
        sql: &'q str,
        params: impl Params<'q>,
    ) -> impl Future<Output = Result<T, sqlx::Error>> + Send
    where
        T: for<'r> Decode<'r, Sqlite> + Type<Sqlite> + Send + Unpin,
    {
        let args = arguments(params);
        async move { sqlx::query_scalar_with(sql, args?).fetch_one(self).await }
    }

    fn optional<'q, T>(
        &self,
        sql: &'q str,
        params: impl Params<'q>,
    ) -> impl Future<Output = Result<Option<T>, sqlx::Error>> + Send
    where
        T: for<'r> Decode<'r, Sqlite> + Type<Sqlite> + Send + Unpin,
    {
        let args = arguments(params);
        async move {
            sqlx::query_scalar_with(sql, args?)
                .fetch_optional(self)
                .await
        }
    }

    fn row<'q, T>(
        &self,
        sql: &'q str,
        params: impl Params<'q>,
    ) -> impl Future<Output = Result<T, sqlx::Error>> + Send
    where
        T: for<'r> FromRow<'r, SqliteRow> + Send + Unpin,
    {
        let args = arguments(params);
        async move { sqlx::query_as_with(sql, args?).fetch_one(self).await }
    }

    fn row_optional<'q, T>(
        &self,
        sql: &'q str,
        params: impl Params<'q>,
    ) -> impl Future<Output = Result<Option<T>, sqlx::Error>> + Send
    where
        T: for<'r> FromRow<'r, SqliteRow> + Send + Unpin,
    {
        let args = arguments(params);
        async move { sqlx::query_as_with(sql, args?).fetch_optional(self).await }
    }

    fn rows<'q, T>(
        &self,
        sql: &'q str,
        params: impl Params<'q>,
    ) -> impl Future<Output = Result<Vec<T>, sqlx::Error>> + Send
    where
        T: for<'r> FromRow<'r, SqliteRow> + Send + Unpin,
    {
        let args = arguments(params);
        async move { sqlx::query_as_with(sql, args?).fetch_all(self).await }
    }
}
