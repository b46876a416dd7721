-- CoAuthor Desk's own filter for the PDF: the book's boxes (key learning, commentary,
-- bylines, notes) become calls to the functions of book.typst. (Word files get their styles
-- without a filter; e-books keep the classes for their style sheet.)

local boxes = {
  ["key-learning"] = "keylearning",
  ["commentary"] = "commentary",
  ["byline"] = "byline",
  ["draft-note"] = "draftnote",
  ["review-note"] = "reviewnote",
}

function Div(div)
  for _, class in ipairs(div.classes) do
    local call = boxes[class]
    if call then
      local blocks = pandoc.Blocks({ pandoc.RawBlock("typst", "#" .. call .. "[") })
      blocks:extend(div.content)
      blocks:insert(pandoc.RawBlock("typst", "]"))
      return blocks
    end
  end
end
