using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Infrastructure.Persistence;

/// <summary>
/// The same model on PostgreSQL. It exists only so that EF Core keeps a second set of migrations and a second model
/// snapshot (in <c>Migrations/Postgres</c>): migrations are bound to a context type, and SQLite's column types and
/// raw SQL do not run on PostgreSQL. Services never see this type; they ask for
/// <see cref="IDbContextFactory{EmrAuthDbContext}"/>, which <see cref="PortalStorage"/> answers with instances of it.
/// </summary>
public sealed class PostgresEmrAuthDbContext(DbContextOptions<PostgresEmrAuthDbContext> options) : EmrAuthDbContext(options)
{
    /// <summary>Hands out PostgreSQL contexts to everything that asks for the portal's context factory.</summary>
    internal sealed class Factory(IDbContextFactory<PostgresEmrAuthDbContext> inner) : IDbContextFactory<EmrAuthDbContext>
    {
        public EmrAuthDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
