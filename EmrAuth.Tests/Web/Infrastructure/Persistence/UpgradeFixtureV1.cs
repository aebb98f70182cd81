using System.Security.Cryptography;
using EmrAuth.Tests.Crypto;

namespace EmrAuth.Tests.Web.Infrastructure.Persistence;

/// <summary>
/// What TestData/upgrade-v1/MANIFEST.md records about the data folder commit 80306f6 (.NET 9, EF Core 9) wrote: the
/// ids and values the upgrade test expects to find again.
/// </summary>
internal static class UpgradeFixtureV1
{
    public const string North = "north-general";
    public const string South = "south-university";

    /// <summary>sha256 of emrauth.db as generated: the test opens exactly those bytes.</summary>
    public const string DatabaseSha256 = "a2b46002ff40f0e7427d4db6c88eece76574d37194f3b67bcf57041e1249aca7";

    public static readonly string[] OldMigrations = ["20261121120000_InitialSchema", "20261121130000_EhrMigrations", "20261121140000_AuditChain"];

    public const string OldProductVersion = "9.0.20";

    /// <summary>The last stored audit entry is at 09:30; a start a minute later finds the 10-minute migration proofs expired.</summary>
    public static readonly DateTimeOffset ReopenedAt = new(2026, 11, 29, 9, 31, 0, TimeSpan.Zero);

    public const int StoredAuditEntries = 71;

    public static readonly Guid VisitA = Guid.Parse("672999f5-2690-4a01-8922-e08159d77cb6");
    public static readonly Guid VisitB = Guid.Parse("bc12547b-d3f8-4c56-972b-e46645cd0be0");
    public static readonly Guid VisitC = Guid.Parse("333d14a1-0f5c-43d0-83f7-52e9ad3d263f");
    public static readonly Guid VisitD = Guid.Parse("6e10bf19-e995-4b8d-97b0-fe49e2143273");
    public static readonly Guid VisitE = Guid.Parse("2b3fceab-49df-459d-97ce-bb7b48e91ad1");
    public static readonly Guid VisitF = Guid.Parse("975b9294-7428-48cf-bcda-14eb4e7ef570");

    public static readonly Guid FailedMigration = Guid.Parse("42c1ca88-da52-4804-9735-08b37102029c");
    public static readonly Guid CompletedMigration = Guid.Parse("1b32b4ae-508e-4338-9aed-625501b6009f");

    /// <summary>UserName, Role, PartyId, in Id order.</summary>
    public static readonly (string UserName, string Role, string? PartyId)[] Accounts =
    [
        ("cloud.admin", "CloudAdmin", null), ("admin.north", "HospitalAdmin", North), ("admin.south", "HospitalAdmin", South),
        ("alice", "Patient", "alice"), ("bob", "Patient", "bob"), ("carol", "Patient", "carol"), ("dan", "Patient", "dan"),
        ("dr.chen", "Doctor", "dr-chen"), ("dr.huang", "Doctor", "dr-huang"), ("dr.deng", "Doctor", "dr-deng"),
        ("erin", "Patient", "erin"), ("dr.ng", "Doctor", "dr-ng"), ("frank", "Patient", "frank"),
    ];

    /// <summary>Sign-ups and their passwords; frank's registration (id 12) is still pending.</summary>
    public static readonly (string UserName, string Password)[] SignUps = [("erin", "erin-password-1"), ("dr.ng", "dr-ng-password"), ("frank", "frank-password-1")];

    public const int FrankRegistration = 12;

    /// <summary>Id, PatientId, DoctorId, Profile, Status as stored, HospitalId, transcript events.</summary>
    public static readonly (Guid Id, string Patient, string Doctor, string Profile, VisitStatus Status, string? Hospital, int Events)[] Visits =
    [
        (VisitA, "alice", "dr-chen", "Paper", VisitStatus.Diagnosed, North, 91),
        (VisitB, "carol", "dr-chen", "Hardened", VisitStatus.Diagnosed, South, 90),
        (VisitC, "bob", "dr-huang", "Paper", VisitStatus.Refused, null, 15),
        (VisitD, "carol", "dr-huang", "Paper", VisitStatus.Diagnosed, North, 91),
        (VisitE, "alice", "dr-chen", "Hardened", VisitStatus.Diagnosed, South, 90),
        (VisitF, "dan", "dr-deng", "Paper", VisitStatus.Requested, null, 6),
    ];

    public static readonly int[] EmrEntryIds = [2, 3, 4, 6, 7, 8, 10, 11, 12, 13, 14];

    /// <summary>The records served after the migration: hospital, patient, department → entries.</summary>
    public static readonly (string Hospital, string Patient, string Department, int Entries)[] Records =
    [
        (North, "bob", "neurology", 1), (North, "carol", "neurology", 2), (South, "alice", "cardiology", 4),
        (South, "carol", "cardiology", 2), (South, "dan", "cardiology", 1), (South, "dan", "oncology", 1),
    ];

    public const string CompletedMigrationDigest = "B6297C453B8DA9C47599D040094F1BE0665195EA0D9FBC0E40556CE19D936E67";

    public static string Folder
    {
        get
        {
            var folder = TestDataPaths.UpgradeV1Directory;
            using var file = File.OpenRead(Path.Combine(folder, "emrauth.db"));
            Assert.Equal(DatabaseSha256, Convert.ToHexStringLower(SHA256.HashData(file)));
            return folder;
        }
    }
}
