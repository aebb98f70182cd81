#pragma warning disable BL0006 // The test renderer reads render-tree frames to find and raise click handlers.
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.RenderTree;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmrAuth.Tests.Web.Components.Protocol;

/// <summary>Clicks on the diagram, through a minimal renderer that raises the event handlers Blazor attached.</summary>
public class ProtocolViewInteractionTests
{
    [Fact]
    public async Task Clicking_an_arrow_selects_its_message_shows_its_details_and_raises_OnMessageSelected()
    {
        var visit = Transcripts.HonestVisit();
        var target = visit.Message("C_HPC2");
        var raised = new List<MessageView>();
        await using var renderer = new ClickRenderer();
        var view = await renderer.RenderAsync<ProtocolView>(new()
        {
            [nameof(ProtocolView.Events)] = visit.Events,
            [nameof(ProtocolView.OnMessageSelected)] = EventCallback.Factory.Create<MessageView>(new object(), raised.Add),
        });
        Assert.Null(renderer.ChildParameter<MessageDetails>(view, nameof(MessageDetails.Message)));

        await renderer.ClickAsync(view, "g", "data-name", target.Name);

        Assert.Equal([target], raised);
        Assert.Same(target, renderer.ChildParameter<MessageDetails>(view, nameof(MessageDetails.Message)));
        Assert.Equal(false, renderer.ChildParameter<MessageDetails>(view, nameof(MessageDetails.ShowPersonalData)));
        var checks = Assert.IsAssignableFrom<IReadOnlyList<VerificationView>>(renderer.ChildParameter<MessageDetails>(view, nameof(MessageDetails.Checks)));
        Assert.NotEmpty(checks);
        Assert.All(checks, c => Assert.Equal(target.Receiver, c.Verifier));
        Assert.Equal("true", renderer.Attribute(view, "g", "data-name", target.Name, "data-selected"));
        Assert.Equal("false", renderer.Attribute(view, "g", "data-name", visit.Message("C_P1").Name, "data-selected"));
    }

    [Fact]
    public async Task The_screen_reader_tables_buttons_select_a_message_too()
    {
        var visit = Transcripts.HonestVisit();
        var target = visit.Message("C_D3");
        await using var renderer = new ClickRenderer();
        var view = await renderer.RenderAsync<ProtocolView>(new() { [nameof(ProtocolView.Events)] = visit.Events });

        await renderer.ClickAsync(view, "tr", "data-name", target.Name);

        Assert.Same(target, renderer.ChildParameter<MessageDetails>(view, nameof(MessageDetails.Message)));
    }

    private sealed class ClickRenderer() : Renderer(Services(), NullLoggerFactory.Instance)
    {
        public override Dispatcher Dispatcher { get; } = Dispatcher.CreateDefault();

        public Task<int> RenderAsync<TComponent>(Dictionary<string, object?> parameters) where TComponent : IComponent =>
            Dispatcher.InvokeAsync(async () =>
            {
                var id = AssignRootComponentId(InstantiateComponent(typeof(TComponent)));
                await RenderRootComponentAsync(id, ParameterView.FromDictionary(parameters));
                return id;
            });

        /// <summary>Raises the onclick handler inside (or on) the first <paramref name="element"/> whose attribute has the value.</summary>
        public Task ClickAsync(int componentId, string element, string attribute, string value)
        {
            var frames = GetCurrentRenderTreeFrames(componentId);
            var start = FindElement(frames, element, attribute, value);
            var end = start + frames.Array[start].ElementSubtreeLength;
            for (var i = start; i < end; i++)
            {
                if (frames.Array[i] is { FrameType: RenderTreeFrameType.Attribute, AttributeName: "onclick" } handler)
                {
                    return Dispatcher.InvokeAsync(() => DispatchEventAsync(handler.AttributeEventHandlerId, null, new MouseEventArgs()));
                }
            }
            throw new InvalidOperationException($"<{element} {attribute}=\"{value}\"> has no onclick handler");
        }

        public string? Attribute(int componentId, string element, string attribute, string value, string name)
        {
            var frames = GetCurrentRenderTreeFrames(componentId);
            var start = FindElement(frames, element, attribute, value);
            for (var i = start + 1; i < frames.Count && frames.Array[i].FrameType == RenderTreeFrameType.Attribute; i++)
            {
                if (frames.Array[i].AttributeName == name)
                {
                    return frames.Array[i].AttributeValue?.ToString();
                }
            }
            return null;
        }

        /// <summary>A parameter passed to the first child component of type <typeparamref name="TChild"/>, or null without one.</summary>
        public object? ChildParameter<TChild>(int componentId, string name)
        {
            var frames = GetCurrentRenderTreeFrames(componentId);
            for (var i = 0; i < frames.Count; i++)
            {
                if (frames.Array[i] is { FrameType: RenderTreeFrameType.Component } child && child.ComponentType == typeof(TChild))
                {
                    for (var j = i + 1; j < frames.Count && frames.Array[j].FrameType == RenderTreeFrameType.Attribute; j++)
                    {
                        if (frames.Array[j].AttributeName == name)
                        {
                            return frames.Array[j].AttributeValue;
                        }
                    }
                    return null;
                }
            }
            return null;
        }

        protected override void HandleException(Exception exception) => throw exception;

        protected override Task UpdateDisplayAsync(in RenderBatch renderBatch) => Task.CompletedTask;

        private static int FindElement(ArrayRange<RenderTreeFrame> frames, string element, string attribute, string value)
        {
            for (var i = 0; i < frames.Count; i++)
            {
                if (frames.Array[i] is { FrameType: RenderTreeFrameType.Element } e && e.ElementName == element)
                {
                    for (var j = i + 1; j < frames.Count && frames.Array[j].FrameType == RenderTreeFrameType.Attribute; j++)
                    {
                        if (frames.Array[j].AttributeName == attribute && Equals(frames.Array[j].AttributeValue, value))
                        {
                            return i;
                        }
                    }
                }
            }
            throw new InvalidOperationException($"no <{element} {attribute}=\"{value}\">");
        }

        private static ServiceProvider Services()
        {
            var services = new ServiceCollection();
            services.AddLogging();
            return services.BuildServiceProvider();
        }
    }
}
