-- CoAuthor Desk's last look at a book before it is written out (after citations are done).
--
-- A heading with nothing under it is taken out: a chapter that cites nothing has no empty
-- "References" at its end, and the book has no list of references when nothing was cited.
-- A paragraph that is only a name in bold (as in the notes on contributors) is kept on the
-- same page as the paragraph after it: Word's "keep with next", a sticky block in the PDF.

-- What a reader meets first in a block, looking inside boxes: "words", "end" (a heading of
-- `level` or higher, so the section before it is over), or nothing.
local function first_thing(block, level)
  if block.t == "Header" then
    if block.level <= level then
      return "end"
    end
    return nil -- a heading under this one: look on, for its words
  end
  if block.t == "Div" then
    for _, inner in ipairs(block.content) do
      local found = first_thing(inner, level)
      if found then
        return found
      end
    end
    return nil
  end
  if (block.t == "Para" or block.t == "Plain") and #block.content == 0 then
    return nil
  end
  return "words"
end

local function holds_references(blocks, from, to)
  for index = from, to do
    local block = blocks[index]
    if block.t == "Div" and block.identifier == "refs" then
      return true
    end
  end
  return false
end

-- A heading is empty when no words come before the next heading of its level or higher.
-- A chapter's own heading (level 1) goes only when all it held was an empty list of references.
local function without_empty_headings(blocks)
  local kept = pandoc.List()
  for index, block in ipairs(blocks) do
    local keep = true
    if block.t == "Header" then
      local last = #blocks
      for next = index + 1, #blocks do
        if blocks[next].t == "Header" and blocks[next].level <= block.level then
          last = next - 1
          break
        end
      end
      local words = false
      for inner = index + 1, last do
        local found = first_thing(blocks[inner], block.level)
        if found == "words" then
          words = true
          break
        elseif found == "end" then
          break -- a box that starts with a heading of its own ends this section
        end
      end
      if not words and (block.level > 1 or holds_references(blocks, index + 1, last)) then
        keep = false
      end
    end
    if keep then
      kept:insert(block)
    end
  end
  return kept
end

local function only_bold(block)
  if block.t ~= "Para" then
    return false
  end
  local strong = 0
  for _, inline in ipairs(block.content) do
    if inline.t == "Strong" then
      strong = strong + 1
    elseif inline.t ~= "Space" and inline.t ~= "SoftBreak" then
      return false
    end
  end
  return strong == 1
end

local function names_kept_with_notes(blocks)
  local result = pandoc.List()
  for index, block in ipairs(blocks) do
    local following = blocks[index + 1]
    if only_bold(block) and following and following.t == "Para" then
      if FORMAT == "typst" then
        result:insert(pandoc.Div({block}, pandoc.Attr("keep-with-next")))
      elseif FORMAT == "docx" then
        result:insert(pandoc.Div({block}, pandoc.Attr("", {}, {["custom-style"] = "Keep With Next"})))
      else
        result:insert(block)
      end
    else
      result:insert(block)
    end
  end
  return result
end

function Blocks(blocks)
  return names_kept_with_notes(without_empty_headings(blocks))
end
