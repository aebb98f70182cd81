using EmrAuth.Domain.Evidence;
using EmrAuth.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Features.Visits;

/// <summary>
/// A visit's evidence file from the portal: built from the sealed transcript as stored, given to exactly the
/// people who may open the visit, checked by openssl, and audited.
/// </summary>
public sealed class EvidenceExportTests : IAsyncLifetime
{
    private PortalHarness _portal = null!;
    private Guid _visitId;

    public async Task InitializeAsync()
    {
        _portal = await PortalHarness.StartAsync();
        _visitId = await CompleteVisitAsync(_portal);
        // From storage, as after any restart: the evidence must come from the sealed transcript, not from memory.
        await _portal.RestartAsync();
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Theory]
    [InlineData("alice")]
    [InlineData("dr.chen")]
    [InlineData("admin.north")]
    [InlineData("cloud.admin")]
    public async Task The_visits_parties_and_the_cloud_admin_get_a_file_openssl_verifies(string userName)
    {
        var file = await _portal.As(userName).Evidence.ExportAsync(_visitId);

        Assert.NotNull(file);
        Assert.Equal($"evidence-{_visitId}.tar", file.FileName);
        using var checker = new EvidenceChecker(file.Content, EvidenceBundle.FolderName(_visitId.ToString()));
        // The portal's visits are hardened by default: each signature of Eqs. 11–48 carries the profile's label.
        Assert.Equal(["Sig_P1 (hardened)", "Scope_P", "Sig_D1 (hardened)", "Sig_D2 (hardened)", "Sig_C (hardened)", "Sig_D3 (hardened)", "Scope_C",
                "Sig_HPC1 (hardened)", "Sig_D6", "Cert_D", "Directory", "Revocations"],
            checker.Signatures.Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(12, checker.Commands.Count);
        foreach (var command in checker.Commands)
        {
            var result = checker.RunCommand(command);
            Assert.True(result.ExitCode == 0 && result.Output.Contains("Verif", StringComparison.Ordinal), $"{command}: {result.Output}");
        }
        Assert.False(PortalHarness.Contains(file.Content, Diagnosis), "the diagnosis is in the evidence file");
        Assert.False(PortalHarness.Contains(file.Content, Readings), "the readings are in the evidence file");
        Assert.False(PortalHarness.Contains(file.Content, AliceRecord), "the record is in the evidence file");

        await using var db = _portal.OpenDb();
        var entry = await db.AuditEntries.OrderByDescending(a => a.Sequence).FirstAsync();
        Assert.Equal((userName, "Evidence exported", $"visit {_visitId}", "alice"), (entry.Actor, entry.Action, entry.Subject, entry.PatientId));
    }

    [Theory]
    [InlineData("bob")]
    [InlineData("dr.huang")]
    [InlineData("admin.south")]
    public async Task Anyone_else_is_refused_and_only_the_refusal_is_audited(string userName)
    {
        await Assert.ThrowsAsync<AccessDeniedException>(() => _portal.As(userName).Evidence.ExportAsync(_visitId));
        Assert.Null(await _portal.As(userName).Evidence.ExportAsync(Guid.NewGuid()));

        await using var db = _portal.OpenDb();
        var entries = await db.AuditEntries.Where(a => a.Actor == userName).ToListAsync();
        var refusal = Assert.Single(entries);
        Assert.Equal(($"visit {_visitId}", "alice"), (refusal.Subject, refusal.PatientId));
        Assert.StartsWith("Refused: ", refusal.Outcome, StringComparison.Ordinal);
        Assert.DoesNotContain(entries, a => a.Action == "Evidence exported");
    }
}
