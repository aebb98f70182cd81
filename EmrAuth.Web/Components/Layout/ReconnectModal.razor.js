// Shows the reconnect dialog for Blazor's reconnection states; a rejected reconnection means the portal restarted.
const modal = document.getElementById("components-reconnect-modal");
modal.addEventListener("components-reconnect-state-changed", onStateChanged);
document.getElementById("components-reconnect-button").addEventListener("click", retry);
document.getElementById("components-resume-button").addEventListener("click", resume);
document.getElementById("components-reload-button").addEventListener("click", () => location.reload());

function onStateChanged(event) {
    const state = event.detail.state;
    if (state === "hide") {
        modal.close();
        return;
    }
    if (!modal.open) {
        modal.showModal();
    }
    if (state === "failed") {
        document.addEventListener("visibilitychange", retryWhenVisible);
    }
}

async function retry() {
    document.removeEventListener("visibilitychange", retryWhenVisible);
    try {
        // true: reconnected; false: the server answered but no longer knows this circuit (it restarted).
        if (!await Blazor.reconnect()) {
            modal.classList.add("components-reconnect-rejected");
        }
    } catch {
        document.addEventListener("visibilitychange", retryWhenVisible);
    }
}

async function resume() {
    try {
        if (!await Blazor.resumeCircuit()) {
            modal.classList.add("components-reconnect-rejected");
        }
    } catch {
        modal.classList.add("components-reconnect-rejected");
    }
}

async function retryWhenVisible() {
    if (document.visibilityState === "visible") {
        await retry();
    }
}
