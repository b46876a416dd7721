-- CoAuthor Desk's own filter for the PDF: the book's boxes (key learning, commentary,
-- bylines, notes) become calls to the functions of book.typst, and pictures are shown by their
-- description. (Word files get their styles without a filter; e-books keep the classes.)

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

-- Pictures are not printed yet: each is shown by its description, so nothing outside the
-- book's text is ever read.
function Image(image)
  local described = pandoc.utils.stringify(image.caption)
  if described == "" then described = "no description" end
  return pandoc.Emph({ pandoc.Str("[Picture: " .. described .. "]") })
end
