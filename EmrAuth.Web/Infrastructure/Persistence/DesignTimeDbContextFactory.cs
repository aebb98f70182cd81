using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace EmrAuth.Web.Infrastructure.Persistence;

/// <summary>
/// Lets <c>dotnet ef</c> build <see cref="EmrAuthDbContext"/> (SQLite) and <see cref="PostgresEmrAuthDbContext"/>
/// without running Program.cs, which would create the data folder and its key ring as a side effect.
/// </summary>
/// <remarks>
/// <c>migrations add</c>, <c>migrations has-pending-model-changes</c> and <c>migrations script</c> never open the
/// database. <c>database update</c> does: it opens the portal's default data folder (<c>App_Data</c> under the
/// current directory), or for PostgreSQL a local <c>emrauth</c> database, unless the arguments after <c>--</c> name a
/// connection string.
/// </remarks>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<EmrAuthDbContext>
{
    public EmrAuthDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<EmrAuthDbContext>();
        DatabaseOptions.Configure(builder, args.Length > 0 ? args[0] : $"Data Source={Path.Combine("App_Data", "emrauth.db")}");
        return new EmrAuthDbContext(builder.Options);
    }
}

/// <summary>As <see cref="DesignTimeDbContextFactory"/>, for the PostgreSQL migrations (<c>--context PostgresEmrAuthDbContext</c>).</summary>
public sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresEmrAuthDbContext>
{
    public PostgresEmrAuthDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgresEmrAuthDbContext>();
        DatabaseOptions.Configure(builder, StorageProvider.Postgres, args.Length > 0 ? args[0] : "Host=127.0.0.1;Username=emrauth;Database=emrauth");
        return new PostgresEmrAuthDbContext(builder.Options);
    }
}
