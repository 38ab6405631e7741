// Starts Blazor (blazor.web.js is loaded with autostart="false") with the server's keep-alive, from
// Circuits:KeepAliveSeconds: the browser pings that often when quiet, and takes the server as gone after twice as long
// without a word. The default 15 s pings made a thousand idle tabs cost the server a few percent of a core.
(() => {
    const seconds = Number(document.currentScript.dataset.keepAliveSeconds) || 15;
    Blazor.start({
        circuit: {
            configureSignalR: builder => builder.withKeepAliveInterval(seconds * 1000).withServerTimeout(seconds * 2000),
        },
    });
})();
