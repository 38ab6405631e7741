// A paste longer than a field's maxlength: the browser would cut it silently. Here the part that fits is inserted
// (not cutting a character in two), the field's "input" event fires as for any change, and a "pastecut" event tells
// the page how much was kept, so it can say so next to the field. Nothing long ever crosses the live connection.
(() => {
    Blazor.registerCustomEventType('pastecut', {
        createEventArgs: e => ({ kept: e.detail.kept, pasted: e.detail.pasted, limit: e.detail.limit }),
    });

    document.addEventListener('paste', e => {
        const field = e.target;
        if (!(field instanceof HTMLTextAreaElement || field instanceof HTMLInputElement) || field.maxLength <= 0) return;
        const pasted = (e.clipboardData && e.clipboardData.getData('text')) || '';
        const start = field.selectionStart ?? field.value.length;
        const end = field.selectionEnd ?? start;
        const room = field.maxLength - (field.value.length - (end - start));
        if (pasted.length <= room) return;

        e.preventDefault();
        let keep = Math.max(0, room);
        // Do not leave half of a surrogate pair (an emoji, some scripts) at the cut.
        if (keep > 0 && /[\uD800-\uDBFF]/.test(pasted[keep - 1])) keep--;
        field.setRangeText(pasted.slice(0, keep), start, end, 'end');
        field.dispatchEvent(new Event('input', { bubbles: true }));
        field.dispatchEvent(new CustomEvent('pastecut', { bubbles: true, detail: { kept: keep, pasted: pasted.length, limit: field.maxLength } }));
    }, true);
})();
