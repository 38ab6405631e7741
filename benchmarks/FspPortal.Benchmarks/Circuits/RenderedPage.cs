using System.Buffers.Binary;
using System.Text;

namespace FspPortal.Benchmarks.Circuits;

/// <summary>
/// What a page shows, kept from its render batches as blazor.web.js keeps the DOM (after Blazor's own BrowserRenderer and
/// the ASP.NET team's Ignitor "ElementHive"): a tree of elements, text, markup and component containers, with each
/// element's attributes and event handler ids. Lets a browserless client find a button or a column header by its text
/// and dispatch a click on it, as a practitioner's browser would.
/// The batch's binary layout is Blazor's (RenderBatchWriter / OutOfProcessRenderBatch): five int32 offsets at the end
/// (updated components, reference frames, disposed component ids, disposed event handler ids, string table).
/// </summary>
public sealed class RenderedPage
{
    public enum Kind { Component, Element, Text, Markup }

    public sealed class Node(Kind kind, string? name = null)
    {
        public Kind Kind { get; } = kind;
        /// <summary>Element name (e.g. "button"); for text and markup, their content.</summary>
        public string? Name { get; set; } = name;
        public Node? Parent { get; set; }
        public List<Node> Children { get; } = [];
        public Dictionary<string, (string? Value, ulong HandlerId)> Attributes { get; } = new(StringComparer.OrdinalIgnoreCase);

        public string? Attribute(string name) => Attributes.TryGetValue(name, out var a) ? a.Value : null;

        /// <summary>The text a reader sees inside this node (markup's tags left out, as a browser shows it).</summary>
        public string Text()
        {
            var text = new StringBuilder();
            Append(this, text);
            return text.ToString();

            static void Append(Node node, StringBuilder text)
            {
                if (node.Kind is Kind.Text) text.Append(node.Name);
                else if (node.Kind is Kind.Markup) text.Append(System.Text.RegularExpressions.Regex.Replace(node.Name ?? "", "<[^>]*>", ""));
                foreach (var child in node.Children) Append(child, text);
            }
        }

        public IEnumerable<Node> DescendantsAndSelf()
        {
            yield return this;
            foreach (var child in Children)
                foreach (var node in child.DescendantsAndSelf()) yield return node;
        }
    }

    private readonly Dictionary<int, Node> components = [];
    private readonly List<Node> roots = []; // root components (Routes, HeadOutlet): not inside another component

    /// <summary>Every node of the page, depth first.</summary>
    public IEnumerable<Node> Nodes => roots.SelectMany(root => root.DescendantsAndSelf());

    /// <summary>The innermost element with a handler for <paramref name="eventName"/> (e.g. "onclick") that satisfies <paramref name="match"/>.</summary>
    public (Node Element, ulong HandlerId)? FindHandler(string eventName, Func<Node, bool> match)
    {
        var found = Nodes.Where(n => n.Kind == Kind.Element && n.Attributes.TryGetValue(eventName, out var a) && a.HandlerId != 0 && match(n))
            .LastOrDefault(); // depth first: the last match is the innermost of nested matches
        return found is null ? null : (found, found.Attributes[eventName].HandlerId);
    }

    /// <summary>The component that rendered <paramref name="node"/> (a browser sends its id with an input's new value).</summary>
    public static int ComponentOf(Node node)
    {
        for (var at = node.Parent; at is not null; at = at.Parent)
            if (at.Kind == Kind.Component) return int.Parse(at.Name!);
        throw new InvalidOperationException("The node is not inside a component.");
    }

    /// <summary>The input a label names (its <c>for</c>), as a screen reader finds a field.</summary>
    public Node? Field(string label)
    {
        var forId = Nodes.FirstOrDefault(n => n.Kind == Kind.Element && n.Name == "label" && n.Text().Trim() == label)?.Attribute("for");
        return forId is null ? null : Nodes.FirstOrDefault(n => n.Kind == Kind.Element && n.Attribute("id") == forId);
    }

    /// <summary>The first element named <paramref name="name"/> (e.g. "h1" or "tbody").</summary>
    public Node? First(string name) => Nodes.FirstOrDefault(n => n.Kind == Kind.Element && n.Name == name);

    public void Apply(byte[] batch)
    {
        var reader = new BatchReader(batch);
        var (diffsAt, diffCount) = reader.Array(reader.Int(batch.Length - 20));
        var (framesAt, _) = reader.Array(reader.Int(batch.Length - 16));
        for (var d = 0; d < diffCount; d++)
        {
            var diffAt = reader.Int(diffsAt + d * 4);
            var componentId = reader.Int(diffAt);
            var (editsAt, editCount) = reader.Array(diffAt + 4);
            ApplyEdits(reader, Container(componentId), framesAt, editsAt, editCount);
        }
        var (disposedAt, disposedCount) = reader.Array(reader.Int(batch.Length - 12));
        for (var i = 0; i < disposedCount; i++)
        {
            var id = reader.Int(disposedAt + i * 4);
            if (components.Remove(id, out var node) && node.Parent is null) roots.Remove(node);
        }
    }

    private Node Container(int componentId)
    {
        if (components.TryGetValue(componentId, out var node)) return node;
        node = new Node(Kind.Component, componentId.ToString());
        components[componentId] = node;
        roots.Add(node);
        return node;
    }

    private enum Edit { Prepend = 1, Remove = 2, SetAttribute = 3, RemoveAttribute = 4, UpdateText = 5, StepIn = 6, StepOut = 7, UpdateMarkup = 8, PermutationEntry = 9, PermutationEnd = 10 }

    private enum Frame { Element = 1, Text = 2, Attribute = 3, Component = 4, Region = 5, Markup = 8 }

    private void ApplyEdits(BatchReader reader, Node component, int framesAt, int editsAt, int editCount)
    {
        var parent = component;
        var permutations = new List<(int From, int To)>();
        for (var e = 0; e < editCount; e++)
        {
            var at = editsAt + e * 16;
            var sibling = reader.Int(at + 4);
            var frameAt = framesAt + reader.Int(at + 8) * 20;
            switch ((Edit)reader.Int(at))
            {
                case Edit.Prepend: InsertFrame(reader, parent, sibling, frameAt); break;
                case Edit.Remove: parent.Children.RemoveAt(sibling); break;
                case Edit.SetAttribute: SetAttribute(reader, parent.Children[sibling], frameAt); break;
                case Edit.RemoveAttribute: parent.Children[sibling].Attributes.Remove(reader.String(reader.Int(at + 12)) ?? ""); break;
                case Edit.UpdateText:
                case Edit.UpdateMarkup: parent.Children[sibling].Name = reader.String(reader.Int(frameAt + 4)); break;
                case Edit.StepIn: parent = parent.Children[sibling]; break;
                case Edit.StepOut: parent = parent.Parent!; break;
                case Edit.PermutationEntry: permutations.Add((sibling, reader.Int(at + 8))); break;
                case Edit.PermutationEnd:
                    var moved = permutations.Select(p => (p.To, Node: parent.Children[p.From])).ToList();
                    foreach (var (to, node) in moved) parent.Children[to] = node;
                    permutations.Clear();
                    break;
            }
        }
    }

    /// <summary>Inserts one frame (and what it holds) at <paramref name="index"/>; returns how many children it added (a region adds its own).</summary>
    private int InsertFrame(BatchReader reader, Node parent, int index, int frameAt)
    {
        switch ((Frame)reader.Int(frameAt))
        {
            case Frame.Element:
            {
                var element = Add(parent, index, new Node(Kind.Element, reader.String(reader.Int(frameAt + 8))));
                var end = frameAt + reader.Int(frameAt + 4) * 20;
                var child = frameAt + 20;
                for (; child < end && reader.Int(child) == (int)Frame.Attribute; child += 20) SetAttribute(reader, element, child);
                InsertRange(reader, element, 0, child, end);
                return 1;
            }
            case Frame.Text: Add(parent, index, new Node(Kind.Text, reader.String(reader.Int(frameAt + 4)))); return 1;
            case Frame.Markup: Add(parent, index, new Node(Kind.Markup, reader.String(reader.Int(frameAt + 4)))); return 1;
            case Frame.Component:
            {
                var id = reader.Int(frameAt + 8);
                var container = new Node(Kind.Component, id.ToString());
                components[id] = container;
                Add(parent, index, container);
                return 1;
            }
            case Frame.Region: return InsertRange(reader, parent, index, frameAt + 20, frameAt + reader.Int(frameAt + 4) * 20);
            default: return 0; // attributes outside an element, element and component reference captures, render modes, named events
        }
    }

    private int InsertRange(BatchReader reader, Node parent, int index, int from, int end)
    {
        var inserted = 0;
        for (var at = from; at < end;)
        {
            inserted += InsertFrame(reader, parent, index + inserted, at);
            var type = (Frame)reader.Int(at);
            at += type is Frame.Element or Frame.Component or Frame.Region ? reader.Int(at + 4) * 20 : 20;
        }
        return inserted;
    }

    private static Node Add(Node parent, int index, Node child)
    {
        child.Parent = parent;
        parent.Children.Insert(index, child);
        return child;
    }

    private static void SetAttribute(BatchReader reader, Node element, int frameAt) =>
        element.Attributes[reader.String(reader.Int(frameAt + 4)) ?? ""] =
            (reader.String(reader.Int(frameAt + 8)), BinaryPrimitives.ReadUInt64LittleEndian(reader.Bytes.AsSpan(frameAt + 12)));

    private sealed class BatchReader(byte[] bytes)
    {
        private readonly int stringTable = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(bytes.Length - 4));
        public byte[] Bytes => bytes;
        public int Int(int at) => BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at));
        /// <summary>An array: its count, then its entries from the next int.</summary>
        public (int EntriesAt, int Count) Array(int at) => (at + 4, Int(at));

        public string? String(int index)
        {
            if (index == -1) return null;
            var at = Int(stringTable + index * 4);
            int length = 0, shift = 0;
            byte b;
            do { b = bytes[at++]; length |= (b & 0x7F) << shift; shift += 7; } while ((b & 0x80) != 0); // .NET BinaryWriter's 7-bit length
            return Encoding.UTF8.GetString(bytes, at, length);
        }
    }
}
