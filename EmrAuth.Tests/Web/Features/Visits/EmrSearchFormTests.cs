using Bunit;

namespace EmrAuth.Tests.Web.Features.Visits;

/// <summary>The EMR search form: a department is required; the chosen (or the certificate's) department is searched.</summary>
public sealed class EmrSearchFormTests : InteractiveMudTest
{
    private static readonly DepartmentOption[] Departments = [new("cardiology", "Cardiology (cardiology)"), new("neurology", "Neurology (neurology)")];

    private readonly List<string> _searched = [];

    private IRenderedComponent<EmrSearchForm> Render(string? defaultDepartment) => Render<EmrSearchForm>(p => p
        .Add(f => f.Departments, Departments)
        .Add(f => f.DefaultDepartment, defaultDepartment)
        .Add(f => f.Search, department =>
        {
            _searched.Add(department);
            return Task.FromResult(new ActionFeedback(false, "No hospital holds a record for this patient in that department.", "departmentId"));
        }));

    [Fact]
    public void Without_a_department_the_search_is_refused_under_the_field()
    {
        var cut = Render(defaultDepartment: "oncology"); // not a department on offer: nothing is preselected

        cut.Find("[data-testid='run-search']").Click();

        cut.WaitForAssertion(() => Assert.Equal("Choose the department whose record you need.", HelperOf(cut, "department-select")));
        Assert.Empty(_searched);
    }

    [Fact]
    public void The_certificates_department_is_searched_and_the_servers_answer_shows_on_the_field()
    {
        var cut = Render(defaultDepartment: "neurology");

        cut.Find("[data-testid='run-search']").Click();

        cut.WaitForAssertion(() => Assert.Equal(["neurology"], _searched));
        cut.WaitForAssertion(() => Assert.Equal("No hospital holds a record for this patient in that department.", HelperOf(cut, "department-select")));
        Assert.Empty(cut.FindAll("[data-testid='search-error']"));
    }
}
