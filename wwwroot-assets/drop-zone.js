// Files dropped on an element marked data-drop-zone go to the file input inside it, exactly as if chosen with
// "Choose files": Blazor's InputFile reads input.files on "change". Listening on the document keeps this working
// whatever Blazor re-renders; a drop outside a zone is left to the browser.
(() => {
    const zoneOf = e => e.target instanceof Element ? e.target.closest('[data-drop-zone]') : null;
    const carriesFiles = e => e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files');

    for (const type of ['dragenter', 'dragover']) {
        document.addEventListener(type, e => {
            const zone = zoneOf(e);
            if (!zone || !carriesFiles(e)) return;
            e.preventDefault(); // allows the drop
            e.dataTransfer.dropEffect = 'copy';
            zone.classList.add('drop-zone-active');
        });
    }
    document.addEventListener('dragleave', e => {
        const zone = zoneOf(e);
        if (zone && !zone.contains(e.relatedTarget)) zone.classList.remove('drop-zone-active');
    });
    document.addEventListener('drop', e => {
        const zone = zoneOf(e);
        if (!zone || !e.dataTransfer || e.dataTransfer.files.length === 0) return;
        e.preventDefault(); // not opened by the browser
        zone.classList.remove('drop-zone-active');
        // MudFileUpload keeps each used input (hidden) and adds a fresh one: the last is the live one.
        const inputs = zone.querySelectorAll('input[type=file]');
        const input = inputs[inputs.length - 1];
        if (!input || input.disabled) return;
        input.files = e.dataTransfer.files;
        input.dispatchEvent(new Event('change', { bubbles: true }));
    });
})();
