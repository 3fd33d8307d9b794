"""Reading reports: bytes and HTML to text, layout, headings, sentences, and the inputs of a command."""
