package qualcoder

import (
	"regexp"
	"strings"

	"github.com/qdabridge/qdabridge/internal/sqlitedb"
	"github.com/qdabridge/qdabridge/refi"
)

// node is a category or code with the id of its parent, until the tree is
// built.
type node struct {
	code   *refi.Code
	id     int64
	parent int64 // 0 for none
	ptable string
}

var colorForm = regexp.MustCompile(`^#[0-9A-Fa-f]{6}$|^#[0-9A-Fa-f]{3}$`)

// categories reads code_cat: categories, which become codes that cannot
// be applied to data.
func (rd *read) categories() error {
	var nodes []node
	err := rd.query("code_cat", []string{"catid", "name", "memo", "supercatid"}, "ORDER BY catid", func(row *sqlitedb.Row) error {
		id, ok := row.Int("catid")
		if !ok || rd.cats[id] != nil {
			rd.warn(WarnBadValue, "code_cat", id, "a category without an id of its own is left out")
			return nil
		}
		c := &refi.Code{GUID: gid("category", id), Name: rd.text(row, "code_cat", id, "name"), Description: rd.text(row, "code_cat", id, "memo")}
		rd.cats[id] = c
		rd.codeName[c.GUID] = c.Name
		super, _ := row.Int("supercatid")
		nodes = append(nodes, node{code: c, id: id, parent: super})
		rd.rep.Categories++
		return nil
	})
	if err != nil {
		return err
	}
	// Categories nest under categories; a cycle or a missing parent puts
	// the category at the top.
	for _, n := range nodes {
		if n.parent == 0 {
			continue
		}
		if _, ok := rd.cats[n.parent]; !ok {
			rd.warn(WarnMissingRef, "code_cat", n.id, "category %q is under category %d, which does not exist; it is put at the top", short(n.code.Name), n.parent)
		}
	}
	parent := map[int64]int64{}
	for _, n := range nodes {
		if _, ok := rd.cats[n.parent]; ok && n.parent != 0 {
			parent[n.id] = n.parent
		}
	}
	breakCycles(parent, func(id int64) {
		rd.warn(WarnTree, "code_cat", id, "category %q is inside itself (supercatid cycle); it is put at the top", short(rd.cats[id].Name))
	})
	for _, n := range nodes {
		if p, ok := parent[n.id]; ok {
			rd.cats[p].Children = append(rd.cats[p].Children, n.code)
		}
	}
	for _, n := range nodes {
		if _, ok := parent[n.id]; !ok {
			rd.proj.Codes = append(rd.proj.Codes, n.code)
		}
	}
	return nil
}

// breakCycles removes from parent (child → parent) one link of each cycle,
// calling cut with the child whose link it removed.
func breakCycles(parent map[int64]int64, cut func(int64)) {
	state := map[int64]int8{} // 1 visiting, 2 done
	for start := range parent {
		var path []int64
		id := start
		for {
			if state[id] == 2 {
				break
			}
			if state[id] == 1 { // a cycle: cut the link into id
				last := path[len(path)-1]
				delete(parent, last)
				cut(last)
				break
			}
			state[id] = 1
			path = append(path, id)
			p, ok := parent[id]
			if !ok {
				break
			}
			id = p
		}
		for _, x := range path {
			state[x] = 2
		}
	}
}

// codeNames reads code_name: the codes, each in a category (catid) or,
// from v16, under another code (supercid).
func (rd *read) codeNames() error {
	var nodes []node
	err := rd.query("code_name", []string{"cid", "name", "memo", "catid", "color", "supercid"}, "ORDER BY cid", func(row *sqlitedb.Row) error {
		id, ok := row.Int("cid")
		if !ok || rd.codes[id] != nil {
			rd.warn(WarnBadValue, "code_name", id, "a code without an id of its own is left out")
			return nil
		}
		c := &refi.Code{GUID: gid("code", id), Name: rd.text(row, "code_name", id, "name"), IsCodable: true,
			Description: rd.text(row, "code_name", id, "memo")}
		if col := strings.TrimSpace(rd.text(row, "code_name", id, "color")); colorForm.MatchString(col) {
			c.Color = strings.ToUpper(col)
		} else if col != "" {
			rd.warn(WarnBadValue, "code_name", id, "colour %q of code %q is not #RRGGBB; left out", short(col), short(c.Name))
		}
		rd.codes[id] = c
		rd.codeName[c.GUID] = c.Name
		n := node{code: c, id: id}
		if sc, ok := row.Int("supercid"); ok && sc != 0 {
			n.parent, n.ptable = sc, "code_name"
		} else if cat, ok := row.Int("catid"); ok && cat != 0 {
			n.parent, n.ptable = cat, "code_cat"
		}
		nodes = append(nodes, n)
		rd.rep.Codes++
		return nil
	})
	if err != nil {
		return err
	}
	parent := map[int64]int64{} // code → parent code
	for i, n := range nodes {
		if n.ptable == "code_name" {
			if _, ok := rd.codes[n.parent]; ok {
				parent[n.id] = n.parent
				continue
			}
			rd.warn(WarnMissingRef, "code_name", n.id, "code %q is under code %d, which does not exist; it is put at the top", short(n.code.Name), n.parent)
			nodes[i].ptable = ""
		}
		if n.ptable == "code_cat" && rd.cats[n.parent] == nil {
			rd.warn(WarnMissingRef, "code_name", n.id, "code %q is in category %d, which does not exist; it is put at the top", short(n.code.Name), n.parent)
			nodes[i].ptable = ""
		}
	}
	breakCycles(parent, func(id int64) {
		rd.warn(WarnTree, "code_name", id, "code %q is inside itself (supercid cycle); it is put at the top", short(rd.codes[id].Name))
	})
	for _, n := range nodes {
		switch {
		case parent[n.id] != 0:
			p := rd.codes[parent[n.id]]
			p.Children = append(p.Children, n.code)
		case n.ptable == "code_cat":
			p := rd.cats[n.parent]
			p.Children = append(p.Children, n.code)
		default:
			rd.proj.Codes = append(rd.proj.Codes, n.code)
		}
	}
	return nil
}
